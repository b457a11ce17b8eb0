package io.herald.cli.publish;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.cli.CliException;
import io.herald.cli.ExitCode;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.schema.NotificationRequest;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces one {@link NotificationRequest} to {@code herald.requests} through the Apicurio Avro serializer, keyed by
 * channel as every publisher does, and waits for the broker's acknowledgement.
 */
final class KafkaSend {

    private KafkaSend() {}

    static RecordMetadata send(
            String bootstrap, String registryUrl, String topic, NotificationRequest request, Duration timeout) {
        HeraldKafkaAutoConfiguration.trustSchemaPackage(); // Avro refuses generated classes it was not told to trust
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-cli");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        // one record, sent now: the broker must acknowledge within the timeout (delivery >= linger + request)
        int requestMs = (int) Math.clamp(timeout.toMillis() / 2, 500, 30_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), requestMs));
        config.put("apicurio.registry.url", registryUrl);
        config.put("apicurio.registry.auto-register", true);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
            return producer.send(
                            new ProducerRecord<>(topic, request.getChannel().toString(), request))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(bootstrap, "no acknowledgement within " + timeout.toSeconds() + " s (--timeout)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrap, "no acknowledgement within " + timeout.toSeconds() + " s (--timeout)");
            }
            throw CliException.failed("Kafka refused the record: " + cause.getMessage());
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            throw new CliException(
                    ExitCode.UNREACHABLE,
                    "cannot register or find the schema in the registry at " + registryUrl
                            + " (set --registry-url or HERALD_REGISTRY_URL): " + rootMessage(e));
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot use Kafka at " + bootstrap + ": " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }

    private static CliException unreachable(String bootstrap, String why) {
        return new CliException(
                ExitCode.UNREACHABLE,
                "cannot reach Kafka at " + bootstrap + ": " + why
                        + " (set --bootstrap-servers or HERALD_KAFKA_BOOTSTRAP)");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? "failed" : root.getMessage();
    }
}
