package io.warren.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes in the form RabbitMQ's internal user store keeps them
 * ({@code rabbit_password_hashing_sha256}): base64 of a 4-byte random salt followed by
 * SHA-256(salt ++ UTF-8 password). A hash exported from RabbitMQ therefore verifies here, and back.
 */
public final class PasswordHashing {
    /** The algorithm's name in RabbitMQ's definitions files. */
    public static final String ALGORITHM = "rabbit_password_hashing_sha256";

    private static final int SALT_LENGTH = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashing() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(saltedHash(salt, password));
    }

    /** Whether {@code password} matches {@code storedHash}, in constant time once decoded. */
    public static boolean verify(String storedHash, String password) {
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (stored.length <= SALT_LENGTH) {
            return false;
        }
        byte[] salt = new byte[SALT_LENGTH];
        System.arraycopy(stored, 0, salt, 0, SALT_LENGTH);
        return MessageDigest.isEqual(stored, saltedHash(salt, password));
    }

    /** Whether {@code text} looks like a hash this class produces (for imported definitions). */
    public static boolean isWellFormed(String text) {
        try {
            return Base64.getDecoder().decode(text).length == SALT_LENGTH + 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] saltedHash(byte[] salt, String password) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(salt);
        byte[] digest = sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] result = new byte[SALT_LENGTH + digest.length];
        System.arraycopy(salt, 0, result, 0, SALT_LENGTH);
        System.arraycopy(digest, 0, result, SALT_LENGTH, digest.length);
        return result;
    }
}
