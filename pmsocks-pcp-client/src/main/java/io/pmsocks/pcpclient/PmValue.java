package io.pmsocks.pcpclient;

/**
 * One instance's value as pmcd sent it (pmValue): a 32-bit word carried in place (PM_VAL_INSITU:
 * 32-bit integers), or a pmValueBlock elsewhere in the PDU (64-bit values, floating point,
 * strings, aggregates).
 */
public sealed interface PmValue {

    /** The instance identifier, PM_IN_NULL (-1) for a metric without instances. */
    int instance();

    /** PM_VAL_INSITU: the value is the word itself. */
    record InSitu(int instance, int word) implements PmValue {
    }

    /**
     * PM_VAL_DPTR/PM_VAL_SPTR: the value is a pmValueBlock.
     *
     * @param type the block's own vtype (PM_TYPE_* code)
     * @param contents vbuf: the block without its vtype/vlen word
     */
    record Block(int instance, int type, byte[] contents) implements PmValue {

        public Block {
            contents = contents.clone();
        }

        @Override
        public byte[] contents() {
            return contents.clone();
        }
    }
}
