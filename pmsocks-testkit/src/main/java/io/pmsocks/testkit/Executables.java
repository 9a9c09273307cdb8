package io.pmsocks.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the system programs the kit drives. */
final class Executables {

    /** Searched after PATH, because a non-login shell or a CI runner often leaves the sbin folders out. */
    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Executables() {
    }

    static Optional<Path> find(String program) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(SYSTEM_DIRECTORIES);
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code program}'s path, or a failure naming the Debian package that has it. */
    static Path require(String program, String debianPackage) {
        return find(program).orElseThrow(() -> new IllegalStateException(
                "'" + program + "' is not installed (Debian package " + debianPackage + ")"));
    }

    /** The {@code ip} program of iproute2, or a failure saying it is missing. */
    static Path ip() {
        return find("ip").orElseThrow(() -> new IllegalStateException(
                "the 'ip' program (iproute2) is not installed; the network namespaces need it"));
    }

    /** Dante's server, or a failure saying it is missing. */
    static Path danted() {
        return find("danted").orElseThrow(() -> new IllegalStateException(
                "Dante's server 'danted' is not installed (Debian package dante-server)"));
    }

    /** A DNS server for the SOCKS_NS tests, or a failure saying it is missing. */
    static Path dnsmasq() {
        return find("dnsmasq").orElseThrow(() -> new IllegalStateException(
                "the DNS server 'dnsmasq' is not installed (Debian package dnsmasq-base)"));
    }

    /** microsocks, a SOCKS5-only server, or a failure saying it is missing. */
    static Path microsocks() {
        return find("microsocks").orElseThrow(() -> new IllegalStateException(
                "the SOCKS5 server 'microsocks' is not installed (Debian package microsocks)"));
    }

    /** tinyproxy, an HTTP proxy that allows CONNECT to chosen ports, or a failure saying it is missing. */
    static Path tinyproxy() {
        return find("tinyproxy").orElseThrow(() -> new IllegalStateException(
                "the HTTP proxy 'tinyproxy' is not installed (Debian package tinyproxy)"));
    }
}
