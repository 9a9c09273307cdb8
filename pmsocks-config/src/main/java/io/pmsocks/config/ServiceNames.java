package io.pmsocks.config;

import java.util.OptionalInt;

/** TCP service names, as in {@code /etc/services}, for {@code eq http}-style port conditions. */
public interface ServiceNames {

    /** The TCP port of a service name or alias, if known. */
    OptionalInt tcpPort(String name);

    /** From {@code /etc/services}; an unreadable file knows no names. */
    static ServiceNames system() {
        throw new UnsupportedOperationException("written with the parser");
    }
}
