package dev.reload.runtime.engine;

import dev.reload.runtime.manage.RegistryMXBean;
import dev.reload.runtime.proxy.CallBarrier;

import java.util.Map;
import java.util.TreeSet;

/** The runtime as a whole, as management sees it. */
final class RegistryBean implements RegistryMXBean {

    private final Engine engine;

    RegistryBean(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String getPluginsDirectory() {
        return engine.directory().toString();
    }

    @Override
    public String[] getPlugins() {
        return new TreeSet<>(engine.stats().keySet()).toArray(new String[0]);
    }

    @Override
    public String getGate() {
        return CallBarrier.gate();
    }

    @Override
    public Map<String, String> getOptions() {
        return engine.options().asMap();
    }

    @Override
    public String rescan() {
        return engine.operations().reload(null);
    }
}
