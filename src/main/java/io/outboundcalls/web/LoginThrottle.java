package io.outboundcalls.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Wrong passwords per client address, for HTTP Basic and the webapps' login alike. The engine's own lockout is per
 * user, so one address trying many users would never meet it; this refuses such an address for a while.
 */
@Component
public class LoginThrottle {

    private final Duration window;
    private final int limit;
    /** Address → the times (System.nanoTime) of its wrong passwords within the window. */
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
    private final AtomicLong sweep = new AtomicLong();

    LoginThrottle(LoginProperties properties) {
        this.window = properties.lock();
        this.limit = properties.failuresPerAddress();
    }

    /** How long this address must still wait before a password of it is checked; zero when it may try now. */
    public Duration waitOf(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            long now = System.nanoTime();
            forgetOld(times, now);
            if (times.size() < limit) {
                return Duration.ZERO;
            }
            return Duration.ofNanos(times.peekLast() + window.toNanos() - now);
        }
    }

    public void failed(String address) {
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            long now = System.nanoTime();
            forgetOld(times, now);
            times.addLast(now);
        }
        // an idle address's entry would otherwise stay forever; sweeping now and then keeps a failure cheap when
        // many addresses guess at once
        if (sweep.incrementAndGet() % 256 != 0) {
            return;
        }
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                forgetOld(entry.getValue(), System.nanoTime());
                return entry.getValue().isEmpty();
            }
        });
    }

    private void forgetOld(Deque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() > window.toNanos()) {
            times.removeFirst();
        }
    }
}
