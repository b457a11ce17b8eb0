package io.herald.provider.wecom;

import io.herald.provider.spi.outcome.CodeTable;

/** WeCom (企业微信) group robot codes: the robot URL's {@code key} is the only credential, nothing is time-stamped. */
final class WeComExplanations {

    static final String ROBOT_DOCS = "https://developer.work.weixin.qq.com/document/path/91770";
    static final String CODES_DOCS = "https://developer.work.weixin.qq.com/document/path/90455";

    static final CodeTable TABLE = CodeTable.of("WeCom", CODES_DOCS)
            .code(
                    "93000",
                    "invalid webhook url: no robot has this key",
                    "the key in the channel's webhook URL is wrong, or the robot was removed from its group",
                    ROBOT_DOCS)
            .code(
                    "45009",
                    "api freq out of limit: more than 20 messages a minute to this robot",
                    "WeCom allows 20 messages per robot per minute; Herald retries when the window allows",
                    ROBOT_DOCS)
            .code("40058", "a parameter is invalid (e.g. content over 4096 bytes)", "shorten the message", ROBOT_DOCS)
            .code("40008", "invalid msgtype", "the message type is not one WeCom robots accept", ROBOT_DOCS)
            .code("44004", "the text is empty", "the message has no content", ROBOT_DOCS)
            .code("-1", "system busy", "a transient fault at WeCom; Herald retries");

    private WeComExplanations() {}
}
