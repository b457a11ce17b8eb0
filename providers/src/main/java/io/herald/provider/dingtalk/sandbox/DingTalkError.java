package io.herald.provider.dingtalk.sandbox;

/**
 * The DingTalk custom-robot answers the sandbox gives, with DingTalk's real errcode and errmsg texts. Every text
 * below was copied from a response quoted in a public issue or in client code; the source is named next to it.
 * Texts marked "inferred" follow an observed template but were not seen verbatim for that exact case.
 *
 * <p>All of these come with HTTP 200, as at DingTalk. Error reference:
 * https://open.dingtalk.com/document/orgapp/custom-robot-access
 */
enum DingTalkError {
    OK(0, "ok", "ok", "ok"),

    // "缺少参数 access_token" when the query has no access_token:
    // ukamoy/tornado-mongo dayu/util/ding.py lists {"errmsg":"缺少参数 access_token","errcode":40035} among observed
    // answers.
    TOKEN_MISSING(40035, "token missing", "缺少参数 access_token", "缺少参数 access_token"),

    // Unchanged across eras: timonwong/prometheus-webhook-dingtalk#91 (2020), sdvdxl/falcon-message#7 (2018),
    // Long0x0/ZJU-nCov-Hitcarder-Sample#9 (2021), cryozerolabs/n8n-nodes-dingtalk#23 (2026, title).
    TOKEN_NOT_EXIST(300001, "token not found", "token is not exist", "token is not exist"),

    // Current: 0wQ/air780e-forwarder#51 (2024-05) quotes
    //   {"errcode":310000,"errmsg":"description:机器人发送签名过期;solution:签名生成时间和发送时间请保持在 timestampms 以内;"}
    //   ("timestampms" is verbatim: DingTalk's template leaves the placeholder unfilled).
    // Legacy: jenkinsci/dingtalk-plugin#116 (2021-06), labulakalia/crocodile#37 (2020-07),
    //   CatchZeng/dingtalk#2 (2020-05).
    TIMESTAMP_INVALID(
            310000,
            "timestamp invalid",
            "description:机器人发送签名过期;solution:签名生成时间和发送时间请保持在 timestampms 以内;",
            "invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"),

    // Current: qd-today/qd#510 (2024-03), megaease/easeprobe#202 (2022-08), sunmh207/AI-Codereview-Gitlab#142
    // (2025-09),
    //   all verbatim identical (note the full-width comma and the two spaces before 搜索).
    // Legacy: jenkinsci/dingtalk-plugin#88 (2020-11), RayWangQvQ/BiliBiliTool#566 (2021-04),
    //   yhy0/github-cve-monitor#4 (2021-04), BlueSkyClouds/My-Actions#104 (2021-03).
    SIGN_NOT_MATCH(
            310000,
            "sign not match",
            "description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确;"
                    + "link:请参考本接口对应文档获得具体要求，或者在https://open.dingtalk.com/document/  搜索相关文档;",
            "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"),

    // ccfos/nightingale#369 (2020-10): "ErrCode = 130101 ErrMsg = send too fast, exceed 20 times per minute".
    // No newer wording was found, so both styles use it.
    SEND_TOO_FAST(
            130101,
            "rate limited",
            "send too fast, exceed 20 times per minute",
            "send too fast, exceed 20 times per minute"),

    // DingTalk's server-side error table (服务端错误码): -1 "系统繁忙" (system busy, retry later). The sandbox answers it
    // for an injected 5xx fault.
    SYSTEM_BUSY(-1, "system busy", "系统繁忙", "系统繁忙"),

    // Body is not JSON: ccfos/nightingale#2704 (2025-05) {"errcode":40035,"errmsg":"缺少参数 json"};
    // zcong1993/actions-ding#5 (2021-11), apitable/apitable#530 (2023-05).
    BODY_NOT_JSON(40035, "body not json", "缺少参数 json", "缺少参数 json"),

    // No msgtype: DingTalk's generic "缺少参数 <name>" form (see the two above); a client test docstring found by
    // code search says a real robot "rejects with errcode 40035 (缺少参数 msgtype)". Not seen in a quoted response.
    MSGTYPE_MISSING(40035, "msgtype missing", "缺少参数 msgtype", "缺少参数 msgtype"),

    // DingTalk's custom-robot error table: 400105 "不支持的消息类型" (as reproduced in client code, e.g. the PHP
    // getErrorMessage() and Python DINGTALK_WEBHOOK_EXCEPTION_SOLUTIONS tables found by code search).
    MSGTYPE_UNSUPPORTED(400105, "msgtype unsupported", "不支持的消息类型", "不支持的消息类型"),

    // Types DingTalk accepts but the sandbox does not model (Herald sends only text and markdown).
    MSGTYPE_NOT_MODELLED(400105, "msgtype not modelled by sandbox", "不支持的消息类型", "不支持的消息类型"),

    // Legacy 400201 "miss param : text": client code comment ({"isSuccess":false,"errcode":400201,"errmsg":"miss param
    // : text"}).
    // Current: inferred from the 2025 template below.
    TEXT_MISSING(400201, "text missing", missingParam("text"), "miss param : text"),

    // Legacy: smarterallen/prometheus-webhook-dingtalk#4 (2021-01) {"errcode":400202,"errmsg":"miss param :
    // text-\u003Econtent"};
    //   linshangchun/robot-dd src/index.js. Current: inferred from the 2025 template below.
    TEXT_CONTENT_MISSING(
            400202, "text.content missing", missingParam("text --》 content"), "miss param : text->content"),

    // Legacy: inferred from the 4004xx family below. Current: inferred from the 2025 template.
    MARKDOWN_MISSING(400401, "markdown missing", missingParam("markdown"), "miss param : markdown"),

    // Current: cryozerolabs/n8n-nodes-dingtalk#10 (2025-11), verbatim. Legacy: linshangchun/robot-dd src/index.js.
    MARKDOWN_TITLE_MISSING(
            400402, "markdown.title missing", missingParam("markdown --》 title"), "miss param : markdown->title"),

    // Current: jenkinsci/dingtalk-plugin#369 (2025-10), verbatim. Legacy: feiyu563/PrometheusAlert#63 (2020-09)
    //   {"errcode":400403,"errmsg":"miss param : markdown-\u003Etext"} (the old server escaped '>' as \u003E).
    MARKDOWN_TEXT_MISSING(
            400403, "markdown.text missing", missingParam("markdown --》 text"), "miss param : markdown->text"),

    // timonwong/prometheus-webhook-dingtalk#30 (2020-07): respCode=460101 respMsg="message too long, exceed 20000
    // bytes".
    MESSAGE_TOO_LONG(
            460101, "message too long", "message too long, exceed 20000 bytes", "message too long, exceed 20000 bytes");

    private final int errcode;
    private final String verdict;
    private final String currentText;
    private final String legacyText;

    DingTalkError(int errcode, String verdict, String currentText, String legacyText) {
        this.errcode = errcode;
        this.verdict = verdict;
        this.currentText = currentText;
        this.legacyText = legacyText;
    }

    public int errcode() {
        return errcode;
    }

    /** The short reason recorded in {@code ReceivedRequest.verdict}. */
    public String verdict() {
        return verdict;
    }

    public String errmsg(ErrmsgStyle style) {
        return style == ErrmsgStyle.LEGACY ? legacyText : currentText;
    }

    /**
     * DingTalk's current missing-parameter text, verbatim from cryozerolabs/n8n-nodes-dingtalk#10 and
     * jenkinsci/dingtalk-plugin#369 (two spaces before 搜索 included).
     */
    private static String missingParam(String parameter) {
        return "错误描述:参数 " + parameter + " 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;"
                + "参考链接:请参考本接口对应文档查看参数获取方式，或者在https://open.dingtalk.com/document/  搜索对应文档;";
    }
}
