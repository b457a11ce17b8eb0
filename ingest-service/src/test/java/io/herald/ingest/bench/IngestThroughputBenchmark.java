package io.herald.ingest.bench;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.ingest.IngestApplication;
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
 * [concurrency=1] [keys=true] [malformed-per-valid=0]}. With malformed records, each valid request is followed by that
 * many records ingest cannot read (random bytes, unknown schema ids, empty, null, JSON, truncated Avro, Avro of another
 * schema, in turn), and the rate counts every outcome: accepted and rejected. See docs/benchmarks/ingest.md.
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
        int malformedPerValid = args.length > 9 ? Integer.parseInt(args[9]) : 0;
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
            admin.createTopics(List.of(new NewTopic(prefix + "herald.requests", partitions, (short) 1)))
                    .all()
                    .get();
        }
        java.util.Random random = new java.util.Random(15);
        // Avro of another schema, registered under another topic's subject (the requests subject would refuse it)
        byte[] otherSchema;
        try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(
                    Map.of("apicurio.registry.url", registry, "apicurio.registry.auto-register", true), false);
            otherSchema = serializer.serialize(
                    prefix + "other",
                    new ChatMessage(
                            null, "another schema", MessageFormat.TEXT, new Mentions(List.of(), List.of(), false)));
        }
        try (KafkaProducer<String, Object> producer = producer(bootstrap, registry);
                KafkaProducer<String, byte[]> raw = rawProducer(bootstrap)) {
            Instant now = Instant.now();
            for (int i = 0; i < records; i++) {
                NotificationRequest request = NotificationRequest.newBuilder()
                        .setNotificationId(null)
                        .setIdempotencyKey(keys ? prefix + i : null)
                        .setChannel("bench")
                        .setTenant("bench")
                        .setContent(new ChatMessage(
                                null,
                                "benchmark message " + i + ": disk almost full on db-7",
                                MessageFormat.TEXT,
                                new Mentions(List.of(), List.of(), false)))
                        .setAttributes(Map.of("team", "ops"))
                        .setRequestedAt(now)
                        .build();
                producer.send(new ProducerRecord<>(prefix + "herald.requests", i % partitions, "k" + i, request));
                for (int m = 0; m < malformedPerValid; m++) {
                    int n = i * malformedPerValid + m;
                    raw.send(new ProducerRecord<>(
                            prefix + "herald.requests",
                            n % partitions,
                            "bad" + n,
                            n % 7 == 6 ? otherSchema : malformed(n, random)));
                }
            }
            producer.flush();
            raw.flush();
        }
        int outcomes = records * (1 + malformedPerValid);

        try (KafkaConsumer<String, Object> consumer = consumer(bootstrap, registry)) {
            consumer.subscribe(List.of(prefix + "herald.accepted", prefix + "herald.rejected"));
            long started = System.nanoTime();
            ConfigurableApplicationContext ingest = SpringApplication.run(
                    IngestApplication.class,
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
            while (seen < outcomes && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                    if (seen++ == 0) {
                        first = System.nanoTime();
                    }
                }
            }
            long done = System.nanoTime();
            ingest.close();
            System.out.printf(
                    Locale.ROOT,
                    "records %d valid + %d malformed, partitions %d, listener concurrency %d, idempotency keys %s%n",
                    records,
                    records * malformedPerValid,
                    partitions,
                    concurrency,
                    keys);
            System.out.printf(Locale.ROOT, "ingest start-up: %.1f s%n", (ready - started) / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "%d outcomes (accepted + rejected) in %.2f s after the first: %,.0f records/s (requests -> accepted/rejected, acks=all)%n",
                    seen,
                    (done - first) / 1e9,
                    (seen - 1) / ((done - first) / 1e9));
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

    /** A record ingest cannot read, of kind {@code n % 7} (6, Avro of another schema, is made by the caller). */
    private static byte[] malformed(int n, java.util.Random random) {
        return switch (n % 7) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(200)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (1 + random.nextInt(255));
                yield bytes;
            }
            case 1 ->
                java.nio.ByteBuffer.allocate(12)
                        .put((byte) 0)
                        .putInt(1_000_000 + random.nextInt(1_000_000))
                        .putInt(n)
                        .array();
            case 2 -> new byte[0];
            case 3 -> null;
            case 4 -> ("{\"channel\":\"bench\",\"n\":" + n + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            default -> new byte[] {0, 0, 0, 0, 1, (byte) 0xff};
        };
    }

    private static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return new KafkaProducer<>(config);
    }

    private static KafkaConsumer<String, Object> consumer(String bootstrap, String registry) {
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
