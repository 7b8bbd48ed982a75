package dev.reload.runtime.engine;

import javax.management.StandardMBean;

/**
 * An MBean that knows whether the MBean server holds it. The server hands back no registered object, and the name
 * alone cannot tell this runtime's bean from one that another runtime in the JVM (with its own copy of these classes)
 * put under the same name after unregistering ours; the server's callbacks to the very object it holds can.
 */
final class OwnBean extends StandardMBean {

    private volatile boolean registered;

    <T> OwnBean(T implementation, Class<T> mxbeanInterface) {
        super(implementation, mxbeanInterface, true);
    }

    @Override
    public void postRegister(Boolean registrationDone) {
        super.postRegister(registrationDone);
        registered = Boolean.TRUE.equals(registrationDone);
    }

    @Override
    public void postDeregister() {
        super.postDeregister();
        registered = false;
    }

    /** @return whether the server holds this very object, under the name it was registered with */
    boolean registered() {
        return registered;
    }
}
