package io.herald.contract.kafka;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.contract.kafka.RecordReadException.Reason;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The value deserializer of every Herald topic: Apicurio's Avro deserializer (Confluent wire format) over Herald's
 * registry client ({@link RegistryClients}: deadlines on every call), and the one place that decides why a record could
 * not be read ({@link RecordReadException.Reason}), while the registry's answer is at hand. Used inside
 * {@code ErrorHandlingDeserializer}, which keeps the record's bytes with the failure.
 */
public class HeraldAvroDeserializer implements Deserializer<Object> {

    private static final int MAX_DETAIL = 300;
    /** A qualified Java name such as {@code io.herald.schema.MessageFormat} or {@code java.lang.Integer}. */
    private static final java.util.regex.Pattern JAVA_TYPE =
            java.util.regex.Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*\\.[A-Z]\\w*");

    private static final Duration REMEMBER_UNKNOWN = Duration.ofMinutes(1);
    private static final int MAX_UNKNOWN_IDS = 1024;

    private final Map<Integer, Long> unknownSchemaIds =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
                    return size() > MAX_UNKNOWN_IDS;
                }
            });
    private Deserializer<Object> delegate;
    private SchemaIdCeiling ceiling;

    public HeraldAvroDeserializer() {}

    /** With another Avro deserializer (tests). */
    HeraldAvroDeserializer(Deserializer<Object> delegate, SchemaIdCeiling ceiling) {
        this.delegate = delegate;
        this.ceiling = ceiling;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (delegate == null) {
            RegistryClient registry = RegistryClients.client(configs);
            delegate = new AvroKafkaDeserializer<>(new RegistryClientFacadeImpl(registry));
            ceiling = new SchemaIdCeiling(() -> RegistryClients.highestGlobalId(registry), System::nanoTime);
        }
        delegate.configure(configs, isKey);
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        int schemaId = checkWireFormat(data); // bytes not in the wire format are refused before the registry is asked
        // made-up ids far above any the registry handed out cost at most one registry call a second
        if (ceiling.isAbove(schemaId)) {
            throw unknownSchema(schemaId);
        }
        // an unknown id is remembered for a minute: a flood of it costs one registry call, not one per record
        Long knownMissingSince = unknownSchemaIds.get(schemaId);
        if (knownMissingSince != null && System.nanoTime() - knownMissingSince < REMEMBER_UNKNOWN.toNanos()) {
            throw unknownSchema(schemaId);
        }
        try {
            // never the headers: Herald's records carry their schema id in the value, and Apicurio's deserializer takes
            // an apicurio.value.encoding header as a setting that stays for every later record (a fuzzer found one
            // record with "JSON" there making every valid record after it undecodable)
            return delegate.deserialize(topic, data);
        } catch (RuntimeException e) {
            RecordReadException verdict = verdict(e, schemaId);
            if (verdict.reason() == Reason.UNKNOWN_SCHEMA) {
                unknownSchemaIds.put(schemaId, System.nanoTime());
            }
            throw verdict;
        }
    }

    @Override
    public void close() {
        if (delegate != null) {
            delegate.close();
        }
    }

    /** The schema id of bytes in the Confluent wire format, else a {@code not_avro} failure. */
    static int checkWireFormat(byte[] data) {
        if (data == null || data.length == 0) {
            throw new RecordReadException(Reason.NOT_AVRO, "the record has no value; expected Avro");
        }
        if (data[0] != 0) {
            throw new RecordReadException(
                    Reason.NOT_AVRO,
                    String.format(
                            Locale.ROOT,
                            "the record value (%d bytes) is not Avro in the Confluent wire format: its first byte is 0x%02x,"
                                    + " not the magic byte 0",
                            data.length,
                            data[0] & 0xff));
        }
        if (data.length < 5) {
            throw new RecordReadException(
                    Reason.NOT_AVRO,
                    "the record value is " + data.length
                            + " bytes, too short for the Confluent wire format (magic byte 0 and a 4-byte schema id)");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    private static RecordReadException unknownSchema(int schemaId) {
        return new RecordReadException(
                Reason.UNKNOWN_SCHEMA, "schema id " + schemaId + " is not known to the schema registry");
    }

    /**
     * Turns the Avro deserializer's failure into a verdict: the record's fault, or the registry's. A registry that
     * could not be asked (connection refused, timeout, 5xx, 429) is {@code registry_unavailable}: retried, never
     * skipped or rejected.
     */
    static RecordReadException verdict(RuntimeException failure, int schemaId) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordReadException read) {
                return read;
            }
            if (t instanceof ApiException answer) {
                int status = answer.getResponseStatusCode();
                if (status == 404) {
                    return unknownSchema(schemaId);
                }
                if (status >= 500 || status == 429 || status == 401 || status == 403 || status == 0) {
                    return new RecordReadException(
                            Reason.REGISTRY_UNAVAILABLE,
                            "the schema registry answered HTTP " + status + " when asked for schema id " + schemaId);
                }
                return new RecordReadException(
                        Reason.UNDECODABLE,
                        "the schema registry refused schema id " + schemaId + " (HTTP " + status + ")");
            }
            if (isTransportFailure(t)) {
                return new RecordReadException(
                        Reason.REGISTRY_UNAVAILABLE,
                        "the schema registry could not be asked for schema id " + schemaId + ": " + summary(t));
            }
        }
        return new RecordReadException(
                Reason.UNDECODABLE,
                "the value does not decode with schema id " + schemaId + ": " + decodingProblem(rootCause(failure)));
    }

    /**
     * What Avro found wrong with the bytes, in words: its own messages ("Malformed data. Length is negative: -40") say
     * it; the ones that name a Java type (e.g. an enum it could not make) or say nothing become a plain sentence.
     */
    static String decodingProblem(Throwable root) {
        if (root instanceof java.io.EOFException) {
            return "the value ends before the schema's fields do (truncated)";
        }
        String text = summary(root);
        boolean namesJavaType = root.getMessage() == null
                || JAVA_TYPE.matcher(text).find()
                || root instanceof ReflectiveOperationException
                || root instanceof LinkageError
                || root instanceof ClassCastException;
        return namesJavaType
                ? "the bytes do not match the schema (a field, enum symbol or union branch is invalid)"
                : text;
    }

    private static boolean isTransportFailure(Throwable t) {
        return t instanceof SocketException
                || t instanceof SocketTimeoutException
                || t instanceof UnknownHostException
                || t instanceof HttpTimeoutException
                || t instanceof SSLException
                || t instanceof TimeoutException
                || t instanceof ClosedChannelException
                || t instanceof java.net.ConnectException
                || (t instanceof java.io.IOException
                        && !(t instanceof java.io.EOFException)
                        && t.getClass().getName().startsWith("java.net."));
    }

    static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The failure's first message line, cut short: enough to diagnose, never a dump of the data. */
    static String summary(Throwable t) {
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
        int newline = text.indexOf('\n');
        // every control, line or paragraph separator, Unicode's C1 controls included: a message may quote the data
        text = (newline < 0 ? text : text.substring(0, newline)).replaceAll("(?U)[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
