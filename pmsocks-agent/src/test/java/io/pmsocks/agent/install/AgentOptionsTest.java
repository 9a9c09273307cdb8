package io.pmsocks.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pmsocks.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void keyValuePairsAndFlags() throws Exception {
        assertEquals(Map.of("config", "/tmp/x.conf", "debug", "", "port", "1081"),
                AgentOptions.parse("config=/tmp/x.conf, debug,port=1081"));
    }

    @Test
    void noOptions() throws Exception {
        assertEquals(Map.of(), AgentOptions.parse(null));
        assertEquals(Map.of(), AgentOptions.parse(" "));
    }

    @Test
    void unknownOptionIsNamedWithTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentOptions.parse("config=a,verbose"));

        assertEquals("agent options: error: unknown option 'verbose'; the options are config,"
                + " server, port, socks5_server, socks4_server, http_connect_proxy, username,"
                + " credentials, ns, debug, banner, pmcd_timeout, pmcd_port, connect_timeout", e.getMessage());
    }

    @Test
    void aPasswordOptionIsRefusedWithItsReason() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentOptions.parse("config=a,password=hunter2"));

        assertEquals("agent options: error: a password is never taken from an agent option"
                + " (other users can read the command line in /proc): set SOCKS_PASSWORD or"
                + " write it in the credentials file (pcp_socks.conf(5))", e.getMessage());
    }
}
