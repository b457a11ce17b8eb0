package io.herald.provider.feishu.sandbox;

/**
 * The Feishu custom-bot answers the sandbox gives (all with HTTP 200, as Feishu does), with the texts observed from
 * the live endpoint; the source is named next to each. Error bodies are {@code {"code":..,"data":{},"msg":..}}.
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 */
enum FeishuError {

    // Unknown or deleted hook token: {"code":19001,"data":{},"msg":"param invalid: incoming webhook access token
    // invalid"}
    // (quoted as a captured answer in client test code found by code search, e.g. a Go httptest "/error" case).
    TOKEN_INVALID(19001, "token not found", "param invalid: incoming webhook access token invalid"),

    // feiyu563/PrometheusAlert#422 (2024-07) and apache/dolphinscheduler#16569 (2024-09), verbatim:
    // {"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}
    // Feishu gives the same answer for a wrong signature and for a stale timestamp.
    SIGN_MATCH_FAIL(19021, "sign match fail", "sign match fail or timestamp is not within one hour from current time"),

    // RaineaAN/GlaDOS_Checkin_ql#6 (2023-07): {'code': 19024, 'data': {}, 'msg': 'Key Words Not Found'}, also the
    // example in Feishu's custom-bot guide ("关键词校验失败").
    KEY_WORDS_NOT_FOUND(19024, "key words not found", "Key Words Not Found"),

    // Captured in client code comments (e.g. "POST Response: 200 {"code":11232,"data":{},"msg":"frequency limited
    // psm[lark.oapi.app_platform_runtime]appID[1500]"}", 2025-09). Limit: 100 per minute and 5 per second per bot.
    FREQUENCY_LIMITED(11232, "rate limited", "frequency limited psm[lark.oapi.app_platform_runtime]appID[1500]"),

    // Feishu's server-side internal error: code 2200 "Internal Error" (larksuite/oapi-sdk-python#15 and #29, with
    // HTTP 500). The sandbox answers it for an injected 5xx fault.
    INTERNAL_ERROR(2200, "internal error", "Internal Error"),

    // Feishu's guide: a malformed body answers {"code":9499,"msg":"Bad Request","data":{}}.
    BAD_REQUEST(9499, "bad request", "Bad Request"),

    // No or unknown msg_type: {"code":19002,"msg":"param invalid: msg_type"} as tabulated in client test code; the
    // exact live wording was not seen in a quoted response (inferred).
    MSG_TYPE_INVALID(19002, "msg_type invalid", "param invalid: msg_type");

    final int code;
    final String verdict;
    final String msg;

    FeishuError(int code, String verdict, String msg) {
        this.code = code;
        this.verdict = verdict;
        this.msg = msg;
    }
}
