package io.herald.audit.channels;

/** A channel's version as an entity tag: {@code "3"}; {@code If-Match} may also be weak ({@code W/"3"}) or {@code *}. */
final class ETags {

    private ETags() {}

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /** True when one of the comma-separated tags of {@code ifMatch} names this version, or it is {@code *}. */
    static boolean matches(String ifMatch, long version) {
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(of(version)) || t.equals(Long.toString(version))) {
                return true;
            }
        }
        return false;
    }
}
