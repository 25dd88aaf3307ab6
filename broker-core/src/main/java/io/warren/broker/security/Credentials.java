package io.warren.broker.security;

/** A user name and password as a SASL mechanism extracted them from the client's response. */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
