package io.herald.provider.tencentcloud.sandbox;

import io.herald.provider.spi.sandbox.SandboxResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** DNSPod's CreateRecord and DescribeRecordList (version 2021-03-23) on an in-memory zone, in DNSPod's answer shapes. */
final class DnspodZone {

    private record DnsRecord(
            long id, String domain, String subDomain, String type, String line, String value, long ttl) {}

    private final Clock clock;
    private final JsonMapper json;
    private final TencentCloudAnswers answers;
    private final List<DnsRecord> records = new ArrayList<>();
    private final AtomicLong nextRecordId = new AtomicLong(1_000_001);

    DnspodZone(Clock clock, JsonMapper json, TencentCloudAnswers answers) {
        this.clock = clock;
        this.json = json;
        this.answers = answers;
    }

    synchronized SandboxResponse createRecord(JsonNode body, String requestId) {
        for (String required : List.of("Domain", "RecordType", "RecordLine", "Value")) {
            if (text(body, required) == null) {
                return missing(required, requestId);
            }
        }
        String sub = text(body, "SubDomain");
        long ttl = body.has("TTL") && body.get("TTL").canConvertToLong()
                ? body.get("TTL").asLong()
                : 600;
        DnsRecord record = new DnsRecord(
                nextRecordId.getAndIncrement(),
                text(body, "Domain"),
                sub == null ? "@" : sub,
                text(body, "RecordType"),
                text(body, "RecordLine"),
                text(body, "Value"),
                ttl);
        records.add(record);
        ObjectNode response = json.createObjectNode();
        response.put("RecordId", record.id());
        response.put("RequestId", requestId);
        return answers.ok(response, "ok");
    }

    synchronized SandboxResponse describeRecordList(JsonNode body, String requestId) {
        String domain = text(body, "Domain");
        if (domain == null) {
            return missing("Domain", requestId);
        }
        String subDomain = text(body, "Subdomain");
        List<DnsRecord> matching = records.stream()
                .filter(r -> r.domain().equalsIgnoreCase(domain))
                .filter(r -> subDomain == null || r.subDomain().equals(subDomain))
                .toList();
        if (matching.isEmpty()) {
            return answers.error(TencentCloudError.NO_DATA_OF_RECORD, null, requestId);
        }
        ObjectNode response = json.createObjectNode();
        ObjectNode count = response.putObject("RecordCountInfo");
        count.put(
                "SubdomainCount",
                matching.stream().map(DnsRecord::subDomain).distinct().count());
        count.put("ListCount", matching.size());
        count.put("TotalCount", matching.size());
        ArrayNode list = response.putArray("RecordList");
        for (DnsRecord r : matching) {
            ObjectNode item = list.addObject();
            item.put("RecordId", r.id());
            item.put("Value", r.value());
            item.put("Status", "ENABLE");
            item.put("UpdatedOn", clock.instant().toString().replace('T', ' ').substring(0, 19));
            item.put("Name", r.subDomain());
            item.put("Line", r.line());
            item.put("LineId", "0");
            item.put("Type", r.type());
            item.putNull("Weight");
            item.put("MonitorStatus", "");
            item.put("Remark", "");
            item.put("TTL", r.ttl());
            item.put("MX", 0);
            item.put("DefaultNS", false);
        }
        response.put("RequestId", requestId);
        return answers.ok(response, "ok");
    }

    private SandboxResponse missing(String parameter, String requestId) {
        return answers.error(
                TencentCloudError.MISSING_PARAMETER,
                "The request is missing a required parameter `" + parameter + "`.",
                requestId);
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null
                        && node.isValueNode()
                        && !node.isNull()
                        && !node.asString().isEmpty()
                ? node.asString()
                : null;
    }
}
