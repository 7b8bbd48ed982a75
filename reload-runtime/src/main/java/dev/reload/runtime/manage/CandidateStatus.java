package dev.reload.runtime.manage;

import javax.management.ConstructorParameters;

/**
 * One version of an artifact followed from a repository, as this node sees its roll-out now. An MXBean type: JMX
 * clients read it as composite data.
 */
public final class CandidateStatus {

    private final String version;
    private final double percent;
    private final double bucket;
    private final boolean taken;

    /**
     * @param version the version
     * @param percent its roll-out share now, in percent
     * @param bucket  this node's bucket for it, in [0, 100)
     * @param taken   whether this node runs it now: its bucket is below the share, and nothing withdraws it
     */
    @ConstructorParameters({"version", "percent", "bucket", "taken"})
    public CandidateStatus(String version, double percent, double bucket, boolean taken) {
        this.version = version;
        this.percent = percent;
        this.bucket = bucket;
        this.taken = taken;
    }

    /** @return the version */
    public String getVersion() {
        return version;
    }

    /** @return its roll-out share now, in percent */
    public double getPercent() {
        return percent;
    }

    /** @return this node's bucket for it, in [0, 100) */
    public double getBucket() {
        return bucket;
    }

    /** @return whether this node runs it now */
    public boolean isTaken() {
        return taken;
    }
}
