package io.warren.management;

/**
 * RabbitMQ's management API escapes {@code &}, {@code <} and {@code >} in the {@code reason} of its
 * 400 answers ({@code rabbit_mgmt_format:escape_html_tags}), so a policy error about
 * {@code <<"x">>} reads {@code &lt;&lt;"x"&gt;&gt;}; scripts that match on it see the same here.
 */
public final class ErrorTexts {
    private ErrorTexts() {
    }

    public static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
