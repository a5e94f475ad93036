package io.faas.core.spi;

import java.time.Duration;

/**
 * A named lease that at most one holder has at a time, for work that several instances of a host
 * app must not all do (an EC2 fleet's launches and terminations). A holder keeps it by renewing
 * within the time to live; one that stops renewing (crashed, partitioned) loses it once that time
 * has passed, and another instance takes it. Thread-safe.
 */
public interface Lease {

    /** Who this instance is, as the lease records its holder. */
    String holder();

    /**
     * Takes the lease or renews it for {@code ttl}.
     *
     * @return whether this instance holds it now
     * @throws io.faas.api.ServiceUnavailableException if the store cannot be reached: the caller
     *                                                 must then act as if it did not hold it
     */
    boolean acquire(Duration ttl);

    /** Gives the lease up if this instance holds it, so another can take it at once. */
    void release();

    /** A lease that this instance always holds: there is no other instance to share with. */
    static Lease alwaysHeld() {
        return new Lease() {
            @Override
            public String holder() {
                return "this instance";
            }

            @Override
            public boolean acquire(Duration ttl) {
                return true;
            }

            @Override
            public void release() {
            }
        };
    }
}
