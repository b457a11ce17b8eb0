package io.herald.provider.dingtalk.sandbox;

/**
 * Which generation of DingTalk's error texts the sandbox answers with. The errcodes are the same; the errmsg
 * wording changed around 2022 (see {@link DingTalkError} for each text and where it was observed). A dispatcher must
 * classify both, so tests can switch.
 */
enum ErrmsgStyle {
    /** Texts observed from the live endpoint since about 2022 (e.g. "description:机器人发送签名不匹配;..."). */
    CURRENT,
    /** Texts observed 2019–2021 (e.g. "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"). */
    LEGACY
}
