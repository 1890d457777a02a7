package io.outboundcalls.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Checks HTTP Basic credentials against the engine's identity service, so that the users operators manage in
 * Camunda Admin are the users of the REST API; the user's groups and AllowWrite become {@link Authorities}.
 */
@Component
class IdentityServiceAuthenticationProvider implements AuthenticationProvider {

    /** How long a verified login and password are taken without looking at the database. */
    static final Duration TRUSTED = Duration.ofSeconds(2);

    private final IdentityService identityService;
    private final JdbcClient jdbc;
    private final LoginThrottle throttle;
    /** Login → a salted digest of the password last verified for it and the stored hash it matched (not the password). */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[32];

    IdentityServiceAuthenticationProvider(IdentityService identityService, JdbcClient jdbc, LoginThrottle throttle) {
        this.identityService = identityService;
        this.jdbc = jdbc;
        this.throttle = throttle;
        new SecureRandom().nextBytes(salt);
    }

    /**
     * Agent desktops send Basic credentials with every request. The identity service's check (its generic queries, a
     * password hash, the lockout bookkeeping) cost more than the request's own work, so a login and password it
     * accepted are remembered: for {@link #TRUSTED} without asking the database at all, then as long as the user's
     * stored password hash is still the one they matched. A changed password or a deleted user goes to the identity
     * service again; a change made through this node's API counts at once
     * ({@link CredentialsChanged}), one made elsewhere within {@link #TRUSTED}.
     */
    @Override
    public Authentication authenticate(Authentication authentication) {
        String login = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (login == null || credentials == null) {
            throw new BadCredentialsException("bad user name or password");
        }
        byte[] digest = digest(login, credentials.toString());
        long now = System.nanoTime();
        Verified known = verified.get(login);
        if (known != null && MessageDigest.isEqual(known.digest(), digest)) {
            if (now - known.checkedAt() < TRUSTED.toNanos()) {
                return UsernamePasswordAuthenticationToken.authenticated(login, null, known.groups());
            }
            Optional<StoredAccount> account = storedAccount(login);
            if (account.filter(stored -> stored.hash().equals(known.storedHash())).isPresent()) {
                Verified checked = new Verified(digest, known.storedHash(), account.get().authorities(), now);
                verified.put(login, checked);
                return UsernamePasswordAuthenticationToken.authenticated(login, null, checked.groups());
            }
        }
        // only now: credentials verified before keep working for agents who share an address with a guesser
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        Duration wait = throttle.waitOf(address);
        if (!wait.isZero()) {
            throw new LoginThrottledException(wait);
        }
        if (!identityService.checkPassword(login, credentials.toString())) {
            // the remembered password stays: it still matches the stored hash, and a guesser's wrong passwords (which
            // lock the user in the engine for a while) should not lock out the agent who is working
            throttle.failed(address);
            throw new BadCredentialsException("bad user name or password");
        }
        Optional<StoredAccount> account = storedAccount(login);
        List<SimpleGrantedAuthority> groups = account.map(StoredAccount::authorities).orElse(List.of());
        account.ifPresent(stored -> verified.put(login, new Verified(digest, stored.hash(), groups, now)));
        return UsernamePasswordAuthenticationToken.authenticated(login, null, groups);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forget(CredentialsChanged change) {
        verified.remove(change.login());
    }

    /**
     * The user's stored password hash and authorities, read by key from the engine's tables and the agent's row in one
     * query (a desktop's re-check costs one statement): what the identity service's queries would find, without their
     * cost. The authorities are the roles of the user's groups, and WRITE for administrators and agents with AllowWrite.
     */
    private Optional<StoredAccount> storedAccount(String login) {
        List<String[]> rows = jdbc.sql("""
                select u.pwd_, m.group_id_, a.allow_write
                from act_id_user u
                left join act_id_membership m on m.user_id_ = u.id_
                left join agent a on a.login = u.id_
                where u.id_ = :login
                """).param("login", login)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2),
                        Boolean.toString(rs.getBoolean(3))})
                .list();
        if (rows.isEmpty() || rows.get(0)[0] == null) {
            return Optional.empty();
        }
        Set<String> authorities = new TreeSet<>();
        rows.stream().map(row -> row[1]).filter(Objects::nonNull).map(Authorities::roleOf).filter(Objects::nonNull)
                .forEach(authorities::add);
        if (Boolean.parseBoolean(rows.get(0)[2]) || authorities.contains(Authorities.ADMIN)) {
            authorities.add(Authorities.WRITE);
        }
        return Optional.of(new StoredAccount(rows.get(0)[0],
                authorities.stream().map(SimpleGrantedAuthority::new).toList()));
    }

    private record StoredAccount(String hash, List<SimpleGrantedAuthority> authorities) {
    }

    private byte[] digest(String login, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(login.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Verified(byte[] digest, String storedHash, List<SimpleGrantedAuthority> groups, long checkedAt) {
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
