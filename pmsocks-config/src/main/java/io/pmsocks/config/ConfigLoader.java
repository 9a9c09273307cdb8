package io.pmsocks.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads a configuration file and turns it into a {@link RuleSet}, or every reason it can't. */
public final class ConfigLoader {

    /**
     * Larger configuration files are refused (SPEC §2 files are a few lines; CSTC sites had
     * hundreds): a bound, so that a wrong path such as a log file cannot fill the heap.
     */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    private final ConfigParser parser;

    public ConfigLoader(ConfigParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** With the JVM's resolver and {@code /etc/services}. */
    public static ConfigLoader system() {
        return new ConfigLoader(new ConfigParser(HostResolver.system(), ServiceNames.system()));
    }

    /**
     * Checks a file completely but resolves no host name ({@link HostResolver#none()}): what it
     * returns is for its errors, not for deciding connects, since host-name rules in it match
     * nothing.
     */
    public static ConfigLoader withoutNameResolution() {
        return new ConfigLoader(new ConfigParser(HostResolver.none(), ServiceNames.system()));
    }

    /**
     * @param defaultServer SOCKS_SERVER:SOCKS_PORT, or {@code null}
     * @param shippedDefault the distribution's default file, named in the message when the
     *     default path is missing; {@code null} when not known
     * @throws ConfigException the file is missing, unreadable, or has errors
     */
    public RuleSet load(ConfigLocation location, SocksServer defaultServer, Path shippedDefault)
            throws ConfigException {
        return load(location.source(), read(location, shippedDefault), defaultServer);
    }

    /**
     * The text of the configuration file (UTF-8, else Latin-1): a regular file of at most
     * {@link #MAX_FILE_BYTES}.
     *
     * @param shippedDefault the distribution's default file, named in the message when the
     *     default path is missing; {@code null} when not known
     * @throws ConfigException the file is missing or unreadable
     */
    public static String read(ConfigLocation location, Path shippedDefault)
            throws ConfigException {
        byte[] bytes;
        try {
            bytes = RegularFiles.read(location.path(), MAX_FILE_BYTES);
        } catch (RegularFiles.Unreadable e) {
            throw unreadable(location, e.getMessage(), shippedDefault);
        }
        return decode(bytes);
    }

    /** UTF-8 when the bytes are valid UTF-8, else Latin-1, which decodes every byte. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Parse text already read; {@code source} names it in messages. */
    public RuleSet load(String source, String text, SocksServer defaultServer)
            throws ConfigException {
        ConfigParser.Result result = parser.parse(source, text);
        List<Diagnostic> diagnostics = new ArrayList<>(result.diagnostics());
        if (defaultServer == null) {
            for (Rule rule : result.rules()) {
                if (rule.action() == Action.SOCKD && rule.servers().isEmpty()) {
                    diagnostics.add(Diagnostic.warning(source, rule.line(), 1,
                            "sockd rule without a server: set SOCKS_SERVER or add @=host[:port]"));
                }
            }
        }
        if (Diagnostic.anyError(diagnostics)) {
            throw new ConfigException(diagnostics);
        }
        return RuleSet.of(source, result.rules(), defaultServer, diagnostics);
    }

    private static ConfigException unreadable(ConfigLocation location, String reason,
            Path shippedDefault) {
        StringBuilder message = new StringBuilder("cannot read the configuration file (")
                .append(reason).append(')');
        switch (location.origin()) {
            case DEFAULT:
                message.append("; install the default one");
                if (shippedDefault != null) {
                    message.append(" with 'cp ").append(shippedDefault).append(' ')
                            .append(location.path()).append('\'');
                }
                message.append(", or set ").append(ConfigLocation.ENVIRONMENT_VARIABLE)
                        .append(" to the path of a configuration file");
                if (shippedDefault != null) {
                    message.append(" (for example ").append(shippedDefault).append(')');
                }
                break;
            case ENVIRONMENT:
                message.append("; it was named by ").append(ConfigLocation.ENVIRONMENT_VARIABLE);
                break;
            case OPTION:
                break;
            default:
                throw new AssertionError(location.origin());
        }
        return new ConfigException(Diagnostic.error(location.source(), 0, 0, message.toString()));
    }
}
