package io.herald.signer.bench;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.SignedDelivery;
import io.herald.schema.Source;
import io.herald.signer.Fixtures;
import io.herald.signer.SignerApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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
 * Signer throughput on a real broker: records per second from {@code herald.accepted} to {@code herald.signed.dingtalk}
 * (consume, clock gate, sign, AES-GCM seal, produce with acks=all and wait for the ack, commit). Starts the signer
 * in this JVM against the given broker and registry with its own topic prefix (so a running stack's dispatcher never
 * sees these records), pre-loads N accepted notifications, then times the signer draining them. Not a test; args:
 * {@code <bootstrap> <registry-url> [records=20000] [partitions=6] [concurrency=1]}. See docs/benchmarks/signer.md.
 */
public final class SignerThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0);
    }

    /** Runs the benchmark and returns (the caller decides when the JVM ends). */
    public static void run(String[] args) throws Exception {
        String bootstrap = args[0];
        String registry = args[1];
        int records = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        String prefix = "bench" + System.currentTimeMillis() + ".";
        HeraldKafkaAutoConfiguration.trustSchemaPackage();

        // the channel endpoint: a local server whose Date header is the signer's time source (as a provider's is)
        com.sun.net.httpserver.HttpServer origin =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        origin.start();
        Path dir = Files.createTempDirectory("herald-signer-bench");
        Files.writeString(dir.resolve("token"), Fixtures.OPS_TOKEN);
        Files.writeString(dir.resolve("secret"), Fixtures.OPS_SECRET);
        Files.writeString(
                dir.resolve("sealing-key"), java.util.Base64.getEncoder().encodeToString(new byte[32]));
        Path catalog = dir.resolve("channels.yml");
        Files.writeString(
                catalog, """
                herald:
                  channels:
                    bench:
                      provider: dingtalk
                      endpoint: http://127.0.0.1:%d/robot/send
                      credentials:
                        access-token: file:%s
                        secret: file:%s
                """.formatted(origin.getAddress().getPort(), dir.resolve("token"), dir.resolve("secret")));

        // pre-load: the signer starts only after every record is on the broker, so only its work is timed
        try (KafkaProducer<String, Object> producer = producer(bootstrap, registry)) {
            org.apache.kafka.clients.admin.Admin admin =
                    org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers", bootstrap));
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                            prefix + "herald.accepted", partitions, (short) 1)))
                    .all()
                    .get();
            admin.close();
            Instant now = Instant.now();
            for (int i = 0; i < records; i++) {
                AcceptedNotification n = AcceptedNotification.newBuilder()
                        .setNotificationId("bench-" + i)
                        .setChannel("bench")
                        .setProvider("dingtalk")
                        .setContent(ChatMessage.newBuilder()
                                .setText("benchmark message " + i + ": disk almost full on db-7")
                                .build())
                        .setSource(Source.KAFKA)
                        .setAcceptedAt(now)
                        .build();
                // spread over partitions as many channels would (the key is the channel in production)
                producer.send(new ProducerRecord<>(prefix + "herald.accepted", i % partitions, "bench", n));
            }
            producer.flush();
        }

        try (KafkaConsumer<String, SignedDelivery> consumer = consumer(bootstrap, registry)) {
            consumer.subscribe(List.of(prefix + "herald.signed.dingtalk"));
            long started = System.nanoTime();
            ConfigurableApplicationContext signer = SpringApplication.run(
                    SignerApplication.class,
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + bootstrap,
                    "--herald.kafka.registry-url=" + registry,
                    "--herald.kafka.topic-prefix=" + prefix,
                    "--herald.kafka.partitions=" + partitions,
                    "--herald.channels-file=" + catalog,
                    "--spring.kafka.listener.concurrency=" + concurrency,
                    "--herald.sealing.keys.bench=file:" + dir.resolve("sealing-key"),
                    "--herald.sealing.active-key=bench",
                    // time source: the endpoint's Date header (probed at start-up)
                    "--logging.level.root=WARN");
            long ready = System.nanoTime();
            int seen = 0;
            long firstSigned = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SignedDelivery> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().getRefusal() != null) {
                        throw new IllegalStateException(
                                "refused: " + r.value().getRefusal().getReason());
                    }
                    if (seen++ == 0) {
                        firstSigned = System.nanoTime();
                    }
                }
            }
            long done = System.nanoTime();
            signer.close();
            System.out.printf(
                    Locale.ROOT,
                    "records %d, partitions %d, listener concurrency %d%n",
                    records,
                    partitions,
                    concurrency);
            System.out.printf(
                    Locale.ROOT, "signer start-up (context + initial clock sync): %.1f s%n", (ready - started) / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "signed %d records in %.2f s after the first: %,.0f records/s (accepted -> signed, acks=all)%n",
                    seen,
                    (done - firstSigned) / 1e9,
                    (seen - 1) / ((done - firstSigned) / 1e9));
        }
        origin.stop(0);
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

    private static KafkaConsumer<String, SignedDelivery> consumer(String bootstrap, String registry) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "signer-bench-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
        config.put("apicurio.registry.url", registry);
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return new KafkaConsumer<>(config);
    }
}
