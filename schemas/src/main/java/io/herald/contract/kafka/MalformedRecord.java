package io.herald.contract.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of a poll that cannot be read (or processed), and why.
 *
 * @param index its position in the poll
 * @param reason a {@link RecordReadException.Reason#code()} or {@value MalformedRecords#UNPROCESSABLE}
 * @param message what is wrong, for a person: never the record's content, never a credential
 * @param data the record's value bytes when they could be kept, else null
 */
public record MalformedRecord(int index, ConsumerRecord<?, ?> record, String reason, String message, byte[] data) {

    /** {@code topic-partition@offset}. */
    public String where() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
