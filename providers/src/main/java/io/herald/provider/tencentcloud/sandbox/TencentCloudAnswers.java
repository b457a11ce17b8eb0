package io.herald.provider.tencentcloud.sandbox;

import io.herald.provider.spi.sandbox.SandboxResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Tencent Cloud API 3.0 answers: always HTTP 200, {@code {"Response":{…,"RequestId":…}}}, errors in {@code Response.Error}. */
final class TencentCloudAnswers {

    private final JsonMapper json;

    TencentCloudAnswers(JsonMapper json) {
        this.json = json;
    }

    SandboxResponse ok(ObjectNode response, String verdict) {
        ObjectNode root = json.createObjectNode();
        root.set("Response", response);
        return SandboxResponse.json(200, json.writeValueAsString(root), verdict);
    }

    SandboxResponse error(TencentCloudError error, String message, String requestId) {
        ObjectNode root = json.createObjectNode();
        ObjectNode response = root.putObject("Response");
        ObjectNode e = response.putObject("Error");
        e.put("Code", error.code);
        e.put("Message", message != null ? message : error.message);
        response.put("RequestId", requestId);
        return SandboxResponse.json(200, json.writeValueAsString(root), error.verdict);
    }
}
