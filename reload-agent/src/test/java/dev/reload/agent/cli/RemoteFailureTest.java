package dev.reload.agent.cli;

import org.junit.jupiter.api.Test;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.RuntimeMBeanException;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.rmi.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteFailureTest {

    @Test
    void aRefusalIsTheReasonAloneHoweverDeeplyTheMBeanServerWrappedIt() {
        IllegalStateException refusal = new IllegalStateException("no jar of version 9.9.9 in /srv/plugins");

        assertThat(RemoteFailure.of(1, refusal).getMessage())
                .isEqualTo("refused: no jar of version 9.9.9 in /srv/plugins");
        assertThat(RemoteFailure.of(1, new RuntimeMBeanException(refusal)).getMessage())
                .isEqualTo("refused: no jar of version 9.9.9 in /srv/plugins");
        assertThat(RemoteFailure.of(1, new UndeclaredThrowableException(new MBeanException(
                new RuntimeMBeanException(new IllegalArgumentException("'x.y' is not a version"))))).getMessage())
                .isEqualTo("refused: 'x.y' is not a version");
        assertThat(RemoteFailure.of(1, refusal).exitStatus()).isEqualTo(CommandException.FAILED);
    }

    @Test
    void aLostConnectionOrAVanishedMBeanIsAFailureNamingTheJvm() {
        assertThat(RemoteFailure.of(42, new UndeclaredThrowableException(new ConnectException("refused to host")))
                .getMessage()).isEqualTo("lost the connection to JVM 42: refused to host");
        assertThat(RemoteFailure.of(42, new UndeclaredThrowableException(
                new InstanceNotFoundException("dev.reload:type=Plugin,name=greeter"))).getMessage())
                .isEqualTo("the runtime in JVM 42 unregistered dev.reload:type=Plugin,name=greeter meanwhile; "
                        + "try again");
    }

    @Test
    void anyOtherExceptionIsAFailureWithItsClass() {
        assertThat(RemoteFailure.of(42, new RuntimeMBeanException(new NullPointerException("boom"))).getMessage())
                .isEqualTo("failed in JVM 42: java.lang.NullPointerException: boom");
        assertThat(RemoteFailure.describe(new IOException())).isEqualTo("java.io.IOException");
    }
}
