package io.herald.ingest.bench;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.ingest.IngestApplication;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.NotificationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest throughput on a real broker and PostgreSQL: records per second from {@code herald.requests} to
 * {@code herald.accepted} (consume, validate, take the idempotency key in the ledger, produce with acks=all, wait for
 * the ack, commit the ledger and the offset). Starts ingest in this JVM with its own topic prefix, pre-loads N valid
 * requests (each with its own idempotency key unless told otherwise), then times ingest draining them. Not a test;
 * args: {@code <bootstrap> <registry-url> <jdbc-url> <jdbc-user> <jdbc-password> [records=20000] [partitions=6]
 * [concurrency=1] [keys=true]}. See docs/benchmarks/ingest.md.
 */
public final class IngestThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0);
    }

    public static void run(String[] args) throws Exception {
        String bootstrap = args[0];
        String registry = args[1];
        String jdbcUrl = args[2];
        String jdbcUser = args[3];
        String jdbcPassword = args[4];
        int records = args.length > 5 ? Integer.parseInt(args[5]) : 20_000;
        int partitions = args.length > 6 ? Integer.parseInt(args[6]) : 6;
        int concurrency = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        boolean keys = args.length <= 8 || Boolean.parseBoolean(args[8]);
        String prefix = "bench" + System.currentTimeMillis() + ".";
        HeraldKafkaAutoConfiguration.trustSchemaPackage();

        Path dir = Files.createTempDirectory("herald-ingest-bench");
        Path catalog = dir.resolve("channels.yml");
        Files.writeString(dir.resolve("token"), "bench-token");
        Files.writeString(dir.resolve("secret"), "bench-secret");
        Files.writeString(catalog, """
                herald:
                  channels:
                    bench:
                      provider: dingtalk
                      endpoint: http://127.0.0.1:9/robot/send
                      credentials:
                        access-token: file:%s
                        secret: file:%s
                """.formatted(dir.resolve("token"), dir.resolve("secret")));

        // pre-load: ingest starts only after every request is on the broker, so only its work is timed
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(prefix + "herald.requests", partitions, (short) 1))).all().get();
        }
        try (KafkaProducer<String, Object> producer = producer(bootstrap, registry)) {
            Instant now = Instant.now();
            for (int i = 0; i < records; i++) {
                NotificationRequest request = NotificationRequest.newBuilder()
                        .setNotificationId(null)
                        .setIdempotencyKey(keys ? prefix + i : null)
                        .setChannel("bench")
                        .setTenant("bench")
                        .setContent(new ChatMessage(null, "benchmark message " + i + ": disk almost full on db-7",
                                MessageFormat.TEXT, new Mentions(List.of(), List.of(), false)))
                        .setAttributes(Map.of("team", "ops"))
                        .setRequestedAt(now)
                        .build();
                producer.send(new ProducerRecord<>(prefix + "herald.requests", i % partitions, "k" + i, request));
            }
            producer.flush();
        }

        try (KafkaConsumer<String, AcceptedNotification> consumer = consumer(bootstrap, registry)) {
            consumer.subscribe(List.of(prefix + "herald.accepted"));
            long started = System.nanoTime();
            ConfigurableApplicationContext ingest = SpringApplication.run(IngestApplication.class,
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + bootstrap,
                    "--herald.kafka.registry-url=" + registry,
                    "--herald.kafka.topic-prefix=" + prefix,
                    "--herald.kafka.partitions=" + partitions,
                    "--herald.channels-file=" + catalog,
                    "--spring.kafka.listener.concurrency=" + concurrency,
                    "--spring.datasource.url=" + jdbcUrl,
                    "--spring.datasource.username=" + jdbcUser,
                    "--spring.datasource.password=" + jdbcPassword,
                    "--logging.level.root=WARN");
            long ready = System.nanoTime();
            int seen = 0;
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, AcceptedNotification> r : consumer.poll(Duration.ofMillis(200))) {
                    if (seen++ == 0) {
                        first = System.nanoTime();
                    }
                }
            }
            long done = System.nanoTime();
            ingest.close();
            System.out.printf(Locale.ROOT, "records %d, partitions %d, listener concurrency %d, idempotency keys %s%n",
                    records, partitions, concurrency, keys);
            System.out.printf(Locale.ROOT, "ingest start-up: %.1f s%n", (ready - started) / 1e9);
            System.out.printf(Locale.ROOT, "accepted %d records in %.2f s after the first: %,.0f records/s (requests -> accepted, acks=all)%n",
                    seen, (done - first) / 1e9, (seen - 1) / ((done - first) / 1e9));
        }
    }

    private static KafkaProducer<String, Object> producer(String bootstrap, String registry) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put("apicurio.registry.url", registry);
        config.put("apicurio.registry.auto-register", true);
        return new KafkaProducer<>(config);
    }

    private static KafkaConsumer<String, AcceptedNotification> consumer(String bootstrap, String registry) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-bench-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
        config.put("apicurio.registry.url", registry);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return new KafkaConsumer<>(config);
    }
}
