package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The requests, byte for byte as libpcp 6.0 builds them. Each expected array is worked out from
 * the struct in the named p_*.c file: every field a 4-byte big-endian word, the header's length
 * counting the header, strings padded with '~' to a word.
 */
class RequestPduTest {

    /** hinv.ncpu on Linux: domain 60, cluster 0, item 32. */
    private static final Pmid HINV_NCPU = new Pmid(60 << 22 | 32);

    @Test
    void credsCarriesOneVersionCredentialWithTheSendersPid() {
        // creds_t: hdr, numcreds 1, __pmVersionCred {c_type CVERSION, c_version 2, c_flags 0}
        assertEquals("00000014 0000700c 00001234 00000001 01020000",
                Bytes.words(CredsPdu.version(0x1234, 0).encode()));
    }

    @Test
    void credsFlagsFillTheLowSixteenBits() {
        assertEquals("00000014 0000700c 00000007 00000001 01020048",
                Bytes.words(CredsPdu.version(7, Greeting.FLAG_CREDS_REQD | 1 << 6).encode()));
    }

    @Test
    void nameListPadsEachNameToAWordWithTildes() {
        // namelist_t: hdr, nstrbytes (9+1), numstatus 0, numnames 1; name_t: namelen 9, "hinv.ncpu~~~"
        assertEquals("00000028 0000700e 00000000 0000000a 00000000 00000001 00000009 68696e76 2e6e6370 757e7e7e",
                Bytes.words(NamesPdu.request(0, List.of("hinv.ncpu")).encode()));
    }

    @Test
    void nameListOfAWordLongNameHasNoPadding() {
        // two names: "hinv.ncpu" (9 bytes, 3 padding) and "abcd" (4 bytes, none); nstrbytes 10 + 5
        assertEquals("00000030 0000700e 00000000 0000000f 00000000 00000002"
                        + " 00000009 68696e76 2e6e6370 757e7e7e 00000004 61626364",
                Bytes.words(NamesPdu.request(0, List.of("hinv.ncpu", "abcd")).encode()));
    }

    @Test
    void nameListRefusesToBeEmpty() {
        assertThrows(IllegalArgumentException.class, () -> NamesPdu.request(0, List.of()));
    }

    @Test
    void descRequestIsTheHeaderAndThePmid() {
        assertEquals("00000010 00007004 00000000 0f000020",
                Bytes.words(DescPdu.request(0, HINV_NCPU).encode()));
    }

    @Test
    void profileIncludesEveryInstanceOfTheContext() {
        // profile_t: hdr, ctxid 0, g_state PM_PROFILE_INCLUDE, numprof 0, pad
        assertEquals("0000001c 00007002 00000000 00000000 00000000 00000000 00000000",
                Bytes.words(ProfilePdu.includeAll(0, 0).encode()));
    }

    @Test
    void fetchCarriesTheContextAZeroTimevalAndThePmids() {
        // fetch_t: hdr, ctxid, pmTimeval {0, 0}, numpmid, pmidlist
        assertEquals("00000024 00007003 00000000 00000000 00000000 00000000 00000002 0f000020 00800007",
                Bytes.words(FetchPdu.request(0, 0, List.of(HINV_NCPU, new Pmid(2 << 22 | 7))).encode()));
    }

    @Test
    void instanceRequestAsksForTheWholeDomain() {
        // instance_req_t: hdr, indom 60.0, pmTimeval {0, 0}, inst PM_IN_NULL, namelen 0
        assertEquals("00000020 00007006 00000000 0f000000 00000000 00000000 ffffffff 00000000",
                Bytes.words(InstancePdu.requestAll(0, new InDom(60 << 22)).encode()));
    }
}
