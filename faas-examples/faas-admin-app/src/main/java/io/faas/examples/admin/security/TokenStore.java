package io.faas.examples.admin.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens, in the MongoDB collection {@code tokens}: each document's {@code _id} is the
 * SHA-256 of the token (a token is 256 random bits, so a fast hash is enough: there is nothing to
 * guess), with a unique {@code name}, the {@code role}, {@code createdAt} and {@code lastUsedAt}.
 * The token itself is only ever returned by {@link #create}.
 *
 * <p>Thread-safe.
 */
public class TokenStore {

    /** What every token starts with, so that one pasted into a log or a repository is recognisable. */
    public static final String PREFIX = "faas_";
    /** Names: what the audit log shows as "who". */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Shortest token accepted from outside (the bootstrap token): weaker ones are guessable offline from the hash. */
    static final int MIN_LENGTH = 20;
    /** {@code lastUsedAt} is written at most this often per token. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> tokens;

    public TokenStore(MongoDatabase database) {
        this.tokens = database.getCollection("tokens");
        // the embedded server enforces unique single-field indexes (not compound or plain ones)
        tokens.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
        tokens.createIndex(Indexes.ascending("role")); // anyWithRole: is a token of the role left
    }

    /** A new token of the role; its value is in the result and nowhere else. */
    public String create(String name, Role role) {
        String token = newToken();
        insert(checkedName(name), role, token);
        return token;
    }

    /** A new random token value: the prefix and 32 bytes from {@link SecureRandom}, base64url. */
    static String newToken() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }

    /**
     * Makes sure a token with exactly this value exists with the role under the name: a token of
     * another value that had the name is replaced. Used by the bootstrap at start.
     */
    public void ensure(String name, Role role, String token) {
        if (token == null || token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("an admin token must be at least " + MIN_LENGTH + " characters long");
        }
        String hash = hash(token.strip());
        Document existing = tokens.find(Filters.eq("_id", hash)).first();
        if (existing != null) {
            if (!role.id().equals(existing.getString("role"))) {
                tokens.updateOne(Filters.eq("_id", hash), Updates.set("role", role.id()));
            }
            return;
        }
        tokens.deleteOne(Filters.eq("name", name));
        insert(name, role, token.strip());
    }

    /** The token's name and role, when the value is one; marks it used (at most once a minute). */
    public Optional<TokenAuthentication> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(token.strip());
        Document d = tokens.find(Filters.eq("_id", hash)).first();
        if (d == null) {
            return Optional.empty();
        }
        ApiToken found = view(d);
        Instant now = Instant.now();
        if (found.lastUsedAt() == null || found.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            tokens.updateOne(Filters.eq("_id", hash), Updates.set("lastUsedAt", Date.from(now)));
        }
        return Optional.of(new TokenAuthentication(found.name(), found.role(), hash));
    }

    /** Whether the token that authenticated a session still exists (a session ends when its token is deleted). */
    boolean isValid(TokenAuthentication authentication) {
        return tokens.find(Filters.and(Filters.eq("_id", authentication.hash()),
                Filters.eq("name", authentication.getName()))).first() != null;
    }

    public List<ApiToken> list() {
        List<ApiToken> all = new ArrayList<>();
        for (Document d : tokens.find().sort(Sorts.ascending("name"))) {
            all.add(view(d));
        }
        return all;
    }

    public Optional<ApiToken> find(String name) {
        return Optional.ofNullable(tokens.find(Filters.eq("name", name)).first()).map(TokenStore::view);
    }

    public boolean anyWithRole(Role role) {
        return tokens.find(Filters.eq("role", role.id())).first() != null;
    }

    /** Deletes the token of this name; false if there was none. */
    public boolean delete(String name) {
        return tokens.deleteOne(Filters.eq("name", name)).getDeletedCount() > 0;
    }

    private void insert(String name, Role role, String token) {
        try {
            tokens.insertOne(new Document("_id", hash(token)).append("name", name).append("role", role.id())
                    .append("createdAt", new Date()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new DuplicateTokenException(name);
            }
            throw e;
        }
    }

    static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name' must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return name;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static ApiToken view(Document d) {
        Date last = d.getDate("lastUsedAt");
        return new ApiToken(d.getString("name"), Role.of(d.getString("role")), d.getDate("createdAt").toInstant(),
                last == null ? null : last.toInstant());
    }

    /** A token of that name exists already. */
    public static final class DuplicateTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DuplicateTokenException(String name) {
            super("a token named '" + name + "' exists already");
        }
    }
}
