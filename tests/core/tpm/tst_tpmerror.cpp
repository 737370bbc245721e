// Decoding of TSS2 return codes and of failures we detect ourselves, in one place.
#include "tpm/tpmerror.h"
#include "tpm/tpmtcti.h"

#include <QTest>

#include <cerrno>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;

Q_DECLARE_METATYPE(Entra::TpmErrorKind)

class TstTpmError : public QObject
{
    Q_OBJECT

private slots:
    void kinds_data();
    void kinds();
    void wrongPinCarriesDaState();
    void lockoutSaysHowLong();
    void localCodes_data();
    void localCodes();
    void duration_data();
    void duration();
    void connectionBreaking_data();
    void connectionBreaking();
};

void TstTpmError::kinds_data()
{
    QTest::addColumn<quint32>("rc");
    QTest::addColumn<TpmErrorKind>("kind");
    QTest::addColumn<QString>("messagePart");

    // TPM layer; format-one codes carry a session/handle number that must not matter.
    QTest::newRow("auth fail, session 1") << 0x98Eu << TpmErrorKind::WrongPin << u"PIN"_s;
    QTest::newRow("bad auth (noDA), session 1") << 0x9A2u << TpmErrorKind::WrongPin << u"PIN"_s;
    QTest::newRow("lockout") << 0x921u << TpmErrorKind::LockedOut << u"locked out"_s;
    QTest::newRow("retry") << 0x922u << TpmErrorKind::Busy << u"busy"_s;
    QTest::newRow("testing") << 0x90Au << TpmErrorKind::Busy << u"busy"_s;
    QTest::newRow("object memory") << 0x902u << TpmErrorKind::OutOfMemory << u"no room"_s;
    QTest::newRow("session memory") << 0x903u << TpmErrorKind::OutOfMemory << u"no room"_s;
    QTest::newRow("integrity, parameter 1")
        << 0x1DFu << TpmErrorKind::KeyMismatch << u"cannot load"_s;
    QTest::newRow("hierarchy, handle 1")
        << 0x185u << TpmErrorKind::HierarchyDisabled << u"disabled"_s;
    QTest::newRow("key size, parameter 2")
        << 0x2C7u << TpmErrorKind::Unsupported << u"does not support"_s;
    QTest::newRow("TPM 1.2 bad tag") << 0x1Eu << TpmErrorKind::Tpm12Only << u"TPM 1.2"_s;
    QTest::newRow("initialize") << 0x100u << TpmErrorKind::Other << u"not been started"_s;
    QTest::newRow("failure") << 0x101u << TpmErrorKind::Other << u"internal failure"_s;
    // Resource manager passing a TPM code on.
    QTest::newRow("RM-TPM lockout")
        << (0xCu << 16 | 0x921u) << TpmErrorKind::LockedOut << u"locked out"_s;
    // Software layers.
    QTest::newRow("TCTI io error")
        << (10u << 16 | 10u) << TpmErrorKind::ConnectionLost << u"connection to the TPM was lost"_s;
    QTest::newRow("ESYS insufficient response")
        << (7u << 16 | 19u) << TpmErrorKind::ConnectionLost << u"connection to the TPM was lost"_s;
    QTest::newRow("TCTI no connection")
        << (10u << 16 | 8u) << TpmErrorKind::Unreachable << u"Could not connect"_s;
    QTest::newRow("TCTI not permitted")
        << (10u << 16 | 12u) << TpmErrorKind::PermissionDenied << u"not allowed"_s;
    QTest::newRow("ESYS memory") << (7u << 16 | 23u) << TpmErrorKind::OutOfMemory << u"no room"_s;
}

void TstTpmError::kinds()
{
    QFETCH(quint32, rc);
    QFETCH(TpmErrorKind, kind);
    QFETCH(QString, messagePart);

    QCOMPARE(tpmErrorKind(rc), kind);
    const Error error = tpmError(rc, u"Esys_Test");
    QCOMPARE(error.domain, ErrorDomain::Tpm);
    QCOMPARE(error.code, qint64(rc));
    QCOMPARE(tpmErrorKind(error), kind);
    QVERIFY2(error.message.contains(messagePart, Qt::CaseInsensitive), qPrintable(error.message));
    QVERIFY(!error.fix.isEmpty());
    // The detail keeps the operation, the raw code and Tss2_RC_Decode's text.
    QVERIFY2(error.detail.startsWith(u"Esys_Test: 0x"_s), qPrintable(error.detail));
    QVERIFY2(error.detail.contains(u"%1"_s.arg(rc, 8, 16, QLatin1Char('0'))),
             qPrintable(error.detail));
    QVERIFY2(error.detail.size() > 25, qPrintable(error.detail));
}

void TstTpmError::wrongPinCarriesDaState()
{
    TpmDaState da;
    da.failedTries = 2;
    da.maxTries = 5;
    da.recoverySeconds = 600;
    const Error error = tpmError(0x98E, u"Esys_Sign", da);
    QCOMPARE(tpmErrorKind(error), TpmErrorKind::WrongPin);
    QVERIFY2(error.message.contains(u"2 of 5"_s), qPrintable(error.message));
    QVERIFY2(error.fix.contains(u"10 minutes"_s), qPrintable(error.fix));

    da.failedTries = 5;
    da.inLockout = true;
    const Error last = tpmError(0x98E, u"Esys_Sign", da);
    QVERIFY2(last.message.contains(u"locked out"_s), qPrintable(last.message));
}

void TstTpmError::lockoutSaysHowLong()
{
    TpmDaState da;
    da.inLockout = true;
    da.failedTries = 32;
    da.maxTries = 32;
    da.recoverySeconds = 7200;
    const Error error = tpmError(0x921, u"Esys_Sign", da);
    QVERIFY2(error.fix.contains(u"2 hours"_s), qPrintable(error.fix));
    QVERIFY2(error.fix.contains(u"tpm2_dictionarylockout"_s), qPrintable(error.fix));
}

void TstTpmError::localCodes_data()
{
    QTest::addColumn<int>("errnoValue");
    QTest::addColumn<TpmErrorKind>("kind");
    QTest::addColumn<QString>("fixPart");

    QTest::newRow("ENOENT") << ENOENT << TpmErrorKind::NoDevice << u"firmware"_s;
    QTest::newRow("EACCES") << EACCES << TpmErrorKind::PermissionDenied << u"tss group"_s;
    QTest::newRow("EPERM") << EPERM << TpmErrorKind::PermissionDenied << u"udev rule"_s;
    QTest::newRow("EBUSY") << EBUSY << TpmErrorKind::Unreachable << u"/dev/tpmrm0"_s;
}

void TstTpmError::localCodes()
{
    QFETCH(int, errnoValue);
    QFETCH(TpmErrorKind, kind);
    QFETCH(QString, fixPart);

    const Error error = TpmTcti::deviceError(u"/dev/tpmrm0"_s, errnoValue);
    QCOMPARE(error.domain, ErrorDomain::Tpm);
    QVERIFY(error.code < 0);
    QCOMPARE(tpmErrorKind(error), kind);
    QVERIFY2(error.fix.contains(fixPart), qPrintable(error.fix));
    QVERIFY2(error.detail.startsWith(u"/dev/tpmrm0: "_s), qPrintable(error.detail));
}

void TstTpmError::duration_data()
{
    QTest::addColumn<quint32>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("0") << 0u << u"0 seconds"_s;
    QTest::newRow("1") << 1u << u"1 second"_s;
    QTest::newRow("60") << 60u << u"1 minute"_s;
    QTest::newRow("600") << 600u << u"10 minutes"_s;
    QTest::newRow("1000") << 1000u << u"16 minutes 40 seconds"_s;
    QTest::newRow("7200") << 7200u << u"2 hours"_s;
    QTest::newRow("86400") << 86400u << u"24 hours"_s;
}

void TstTpmError::duration()
{
    QFETCH(quint32, seconds);
    QFETCH(QString, text);
    QCOMPARE(formatTpmDuration(seconds), text);
}

void TstTpmError::connectionBreaking_data()
{
    QTest::addColumn<quint32>("rc");
    QTest::addColumn<bool>("breaks");
    QTest::newRow("TCTI io") << (10u << 16 | 10u) << true;
    QTest::newRow("ESYS bad sequence") << (7u << 16 | 7u) << true;
    QTest::newRow("TPM auth fail") << 0x98Eu << false;
    QTest::newRow("TPM lockout") << 0x921u << false;
    QTest::newRow("success") << 0u << false;
}

void TstTpmError::connectionBreaking()
{
    QFETCH(quint32, rc);
    QFETCH(bool, breaks);
    QCOMPARE(tpmErrorBreaksConnection(rc), breaks);
}

QTEST_GUILESS_MAIN(TstTpmError)
#include "tst_tpmerror.moc"
