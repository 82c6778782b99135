package dev.lockstep.http.support;

import dev.lockstep.http.InvalidSettingException;
import dev.lockstep.http.config.LockstepProperties;
import io.micronaut.context.annotation.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The configured API keys, held only as SHA-256 digests and compared in constant time. With no key
 * configured at all, a random admin key is made at start-up and printed once, so a local demo works
 * and nothing is ever open by default.
 */
@Context
public final class ApiKeys {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private record Entry(byte[] sha256, Caller caller) {}

    private final List<Entry> entries = new ArrayList<>();

    public ApiKeys(List<ApiKeyConfig> configured, LockstepProperties settings) {
        for (ApiKeyConfig k : configured) {
            String name = k.getName() == null || k.getName().isBlank() ? "key-" + k.getIndex() : k.getName();
            if (k.getSha256() == null || !HEX64.matcher(k.getSha256()).matches()) {
                throw new InvalidSettingException(
                        "lockstep.api-keys[" + k.getIndex() + "] (" + name + "): sha256 must be 64 hex characters");
            }
            Set<String> tenants = new HashSet<>(k.getTenants());
            boolean all = tenants.remove("*");
            if (!all && tenants.isEmpty()) {
                throw new InvalidSettingException("lockstep.api-keys[" + k.getIndex() + "] (" + name
                        + "): tenants must be '*' or a list of tenant ids");
            }
            entries.add(new Entry(
                    HexFormat.of().parseHex(k.getSha256().toLowerCase()),
                    new Caller(name, all, Set.copyOf(tenants), k.isAdmin())));
        }
        if (settings.bootstrapAdminKey() != null) {
            entries.add(new Entry(
                    sha256(settings.bootstrapAdminKey()), new Caller("bootstrap-admin", true, Set.of(), true)));
        }
        if (entries.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = "lsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            entries.add(new Entry(sha256(key), new Caller("generated-admin", true, Set.of(), true)));
            // shown once, on purpose, on the console only (the one appender): the operator needs it to
            // call the API at all; through the logger, so that it is a JSON line like the others
            LoggerFactory.getLogger(ApiKeys.class)
                    .info("Lockstep: no API key configured; generated admin key (shown once): {}", key);
        }
    }

    /** The caller a presented key belongs to. Every configured digest is compared, in constant time. */
    public Optional<Caller> authenticate(String presentedKey) {
        byte[] digest = sha256(presentedKey);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.sha256(), digest) && found == null) {
                found = e.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Hex SHA-256 of a key, the form {@code lockstep.api-keys[].sha256} takes. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }
}
