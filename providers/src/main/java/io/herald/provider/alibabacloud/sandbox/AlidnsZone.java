package io.herald.provider.alibabacloud.sandbox;

import io.herald.provider.spi.sandbox.SandboxResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Alidns's record actions on an in-memory zone, answered in Alidns's shapes once the gateway has let a call through. */
final class AlidnsZone {

    private record DnsRecord(String id, String domain, String rr, String type, String value, long ttl, String line) {}

    private final JsonMapper json;
    private final AlibabaCloudAnswers answers;
    private final Map<String, DnsRecord> records = new LinkedHashMap<>();
    private final AtomicLong nextRecordId = new AtomicLong(9_000_000_000_001L);

    AlidnsZone(JsonMapper json, AlibabaCloudAnswers answers) {
        this.json = json;
        this.answers = answers;
    }

    synchronized SandboxResponse add(Map<String, String> parameters, String requestId) {
        Optional<SandboxResponse> missing = missing(parameters, requestId, "DomainName", "RR", "Type", "Value");
        if (missing.isPresent()) {
            return missing.get();
        }
        DnsRecord record = new DnsRecord(
                Long.toString(nextRecordId.getAndIncrement()),
                parameters.get("DomainName"),
                parameters.get("RR"),
                parameters.get("Type"),
                parameters.get("Value"),
                ttl(parameters),
                parameters.getOrDefault("Line", "default"));
        if (records.values().stream().anyMatch(r -> sameRecord(r, record))) {
            return answers.error(AlibabaCloudError.DOMAIN_RECORD_DUPLICATE, requestId);
        }
        records.put(record.id(), record);
        return recordAnswer(record.id(), requestId, "record added");
    }

    synchronized SandboxResponse update(Map<String, String> parameters, String requestId) {
        Optional<SandboxResponse> missing = missing(parameters, requestId, "RecordId", "RR", "Type", "Value");
        if (missing.isPresent()) {
            return missing.get();
        }
        DnsRecord old = records.get(parameters.get("RecordId"));
        if (old == null) {
            return answers.error(AlibabaCloudError.DOMAIN_RECORD_NOT_BELONG, requestId);
        }
        DnsRecord updated = new DnsRecord(
                old.id(),
                old.domain(),
                parameters.get("RR"),
                parameters.get("Type"),
                parameters.get("Value"),
                ttl(parameters),
                parameters.getOrDefault("Line", old.line()));
        if (updated.equals(old)) {
            return answers.error(
                    AlibabaCloudError.DOMAIN_RECORD_DUPLICATE,
                    requestId); // Alidns refuses an update that changes nothing
        }
        records.put(old.id(), updated);
        return recordAnswer(old.id(), requestId, "record updated");
    }

    synchronized SandboxResponse describe(Map<String, String> parameters, String requestId) {
        Optional<SandboxResponse> missing = missing(parameters, requestId, "DomainName");
        if (missing.isPresent()) {
            return missing.get();
        }
        String domain = parameters.get("DomainName");
        String rrKeyWord = parameters.get("RRKeyWord");
        String type = parameters.get("Type");
        List<DnsRecord> matching = new ArrayList<>();
        for (DnsRecord r : records.values()) {
            if (r.domain().equalsIgnoreCase(domain)
                    && (rrKeyWord == null || r.rr().contains(rrKeyWord))
                    && (type == null || r.type().equalsIgnoreCase(type))) {
                matching.add(r);
            }
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("TotalCount", matching.size());
        answer.put("PageSize", 20);
        answer.put("RequestId", requestId);
        ArrayNode list = answer.putObject("DomainRecords").putArray("Record");
        for (DnsRecord r : matching) {
            ObjectNode item = list.addObject();
            item.put("RR", r.rr());
            item.put("Line", r.line());
            item.put("Status", "ENABLE");
            item.put("Locked", false);
            item.put("Type", r.type());
            item.put("DomainName", r.domain());
            item.put("Value", r.value());
            item.put("RecordId", r.id());
            item.put("TTL", r.ttl());
        }
        answer.put("PageNumber", 1);
        return SandboxResponse.json(200, json.writeValueAsString(answer), "ok");
    }

    private Optional<SandboxResponse> missing(Map<String, String> parameters, String requestId, String... names) {
        for (String name : names) {
            String value = parameters.get(name);
            if (value == null || value.isBlank()) {
                // the gateway's Missing{ParameterName}: "{ParameterName} is mandatory for this action."
                return Optional.of(answers.error(
                        400, "Missing" + name, name + " is mandatory for this action.", "missing " + name, requestId));
            }
        }
        return Optional.empty();
    }

    private SandboxResponse recordAnswer(String recordId, String requestId, String verdict) {
        ObjectNode answer = json.createObjectNode();
        answer.put("RequestId", requestId);
        answer.put("RecordId", recordId);
        return SandboxResponse.json(200, json.writeValueAsString(answer), verdict);
    }

    private static boolean sameRecord(DnsRecord a, DnsRecord b) {
        return a.domain().equalsIgnoreCase(b.domain())
                && a.rr().equals(b.rr())
                && a.type().equalsIgnoreCase(b.type())
                && a.value().equals(b.value())
                && a.line().equals(b.line());
    }

    private static long ttl(Map<String, String> parameters) {
        try {
            return Long.parseLong(parameters.getOrDefault("TTL", "600"));
        } catch (NumberFormatException e) {
            return 600;
        }
    }
}
