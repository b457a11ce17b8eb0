package io.herald.provider.alibabacloud.sandbox;

import io.herald.provider.spi.sandbox.SandboxResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Alibaba Cloud's error body, {@code {"RequestId","HostId","Code","Message","Recommend"}}, with its HTTP status. */
final class AlibabaCloudAnswers {

    private static final String HOST_ID = "alidns.aliyuncs.com";

    private final JsonMapper json;

    AlibabaCloudAnswers(JsonMapper json) {
        this.json = json;
    }

    SandboxResponse error(AlibabaCloudError error, String requestId) {
        return error(error.status, error.code, error.message, error.verdict, requestId);
    }

    SandboxResponse error(int status, String code, String message, String verdict, String requestId) {
        ObjectNode answer = json.createObjectNode();
        answer.put("RequestId", requestId);
        answer.put("HostId", HOST_ID);
        answer.put("Code", code);
        answer.put("Message", message);
        answer.put(
                "Recommend",
                "https://api.aliyun.com/troubleshoot?q=" + code + "&product=Alidns&requestId=" + requestId);
        return SandboxResponse.json(status, json.writeValueAsString(answer), verdict);
    }
}
