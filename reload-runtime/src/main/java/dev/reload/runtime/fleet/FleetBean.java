package dev.reload.runtime.fleet;

import dev.reload.runtime.log.Log;
import dev.reload.runtime.manage.FleetMXBean;
import dev.reload.runtime.manage.FollowedStatus;
import dev.reload.runtime.manage.ManagementNames;

import javax.management.JMException;
import javax.management.MBeanServer;
import java.lang.management.ManagementFactory;
import java.util.List;

/** The follower in the platform MBean server, as {@code dev.reload:type=Fleet}. */
final class FleetBean implements FleetMXBean {

    private static final Log LOG = Log.get(FleetBean.class);

    private final FleetFollower follower;

    private FleetBean(FleetFollower follower) {
        this.follower = follower;
    }

    static void register(FleetFollower follower) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(ManagementNames.FLEET)) {
                server.unregisterMBean(ManagementNames.FLEET);
            }
            server.registerMBean(new FleetBean(follower), ManagementNames.FLEET);
        } catch (JMException e) {
            LOG.warn("cannot register " + ManagementNames.FLEET + ": " + e);
        }
    }

    static void unregister(FleetFollower follower) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(ManagementNames.FLEET)) {
                server.unregisterMBean(ManagementNames.FLEET);
            }
        } catch (JMException e) {
            LOG.debug("cannot unregister " + ManagementNames.FLEET + ": " + e);
        }
    }

    @Override
    public String getRepository() {
        return follower.repository();
    }

    @Override
    public String getNode() {
        return follower.node();
    }

    @Override
    public List<FollowedStatus> getFollowed() {
        return follower.status();
    }

    @Override
    public String poll() {
        return follower.pollNow();
    }
}
