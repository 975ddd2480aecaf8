package cn.bsnedge.ledger.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signatures over statements: bound to the key, the bytes and the statement kind. */
class SignedTest {

    static List<Statement> statements(CryptoSuite suite) {
        TreeHead head = new TreeHead(suite, Fixtures.GATEWAY, 9, StatementCodecTest.ROOT, 1763712000000L, ClockQuality.SYNCED);
        return List.of(head,
                AnchorReceipt.of(suite, Fixtures.NODE, head, 42, 1763712004000L),
                AnchorRejection.of(suite, Fixtures.NODE, Fixtures.GATEWAY, 12, RejectionReason.STALE, Optional.of(head), 1763712004000L, "old"));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void signature_verifiesUnderItsKeyOnly_andNeverAsAnotherKindOfStatement(CryptoSuite suite) throws Exception {
        PrivateKey key = Fixtures.nodeKey(suite);
        List<String> wrong = new ArrayList<>();
        for (Statement s : statements(suite)) {
            Signed<Statement> signed = Signed.sign(s, key.signer());
            signed.verify(key.publicKey());
            expectFailure(wrong, s.context() + " under another key", () -> signed.verify(Fixtures.otherKey(suite).publicKey()),
                    AnchorException.Kind.SIGNATURE);
            byte[] sig = signed.signature();
            sig[0] ^= 0x01;
            expectFailure(wrong, s.context() + " flipped signature bit", () -> new Signed<>(s, sig).verify(key.publicKey()),
                    AnchorException.Kind.SIGNATURE);
            for (SigningContext other : SigningContext.values()) {
                if (other != s.context()) {
                    byte[] replayed = key.signer().sign(other.message(s.encode()));
                    expectFailure(wrong, s.context() + " signed as " + other, () -> new Signed<>(s, replayed).verify(key.publicKey()),
                            AnchorException.Kind.SIGNATURE);
                }
            }
            for (CryptoSuite o : CryptoSuite.values()) {
                if (o != suite) {
                    expectFailure(wrong, s.context() + " under a " + o + " key", () -> signed.verify(Fixtures.nodeKey(o).publicKey()),
                            AnchorException.Kind.SUITE);
                }
            }
            expectFailure(wrong, s.context() + " with no keys", () -> signed.verifyAny(List.of()), AnchorException.Kind.NO_KEY);
        }
        assertEquals(List.of(), wrong);
        assertThrows(IllegalArgumentException.class, () -> Signed.sign(statements(suite).getFirst(),
                Fixtures.nodeKey(suite == CryptoSuite.SM2_SM3 ? CryptoSuite.ED25519_SHA256 : CryptoSuite.SM2_SM3).signer()));
    }

    interface Check {
        void run() throws Exception;
    }

    private static void expectFailure(List<String> wrong, String what, Check c, AnchorException.Kind want) {
        try {
            c.run();
            wrong.add(what + ": verified");
        } catch (AnchorException e) {
            if (e.kind() != want) {
                wrong.add(what + ": got " + e.kind() + ", want " + want);
            }
        } catch (Exception e) {
            wrong.add(what + ": threw " + e);
        }
    }
}
