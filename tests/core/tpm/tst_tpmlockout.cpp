// A PIN-protected TPM key: wrong PINs raise the dictionary-attack counter until the TPM locks
// out, and the lockout is reported with its recovery time. Runs on a fresh swtpm whose DA
// parameters are set small with TPM2_DictionaryAttackParameters.
#include "tpm/keystoreselection.h"
#include "tpm/tpmkeystore.h"
#include "tpm/tpmprobe.h"
#include "tpmtestenvironment.h"

#include <QTemporaryDir>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Test;

namespace {

constexpr quint32 MaxTries = 3;
constexpr quint32 RecoverySeconds = 90;
constexpr quint32 LockoutRecoverySeconds = 300;
const QString Pin = u"314159"_s;

} // namespace

class TstTpmLockout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void daParametersAreReported();
    void wrongPinsCountUpToLockout();
    void lockoutIsReportedWithRecoveryTime();
    void rightPinIsRefusedDuringLockout();
    void keysWithoutPinStillWork();
    void lockoutMakesSelectionFallBack();
    void resetWithLockoutAuthRestoresPin();

private:
    Status runOnSession(std::function<Status(TpmSession &)> operation);

    TpmTestEnvironment m_env;
    QTemporaryDir m_stateDir;
    std::unique_ptr<TpmKeyStore> m_store;
    QString m_pinKey;
    QString m_plainKey;
};

Status TstTpmLockout::runOnSession(std::function<Status(TpmSession &)> operation)
{
    return m_env.worker->call<Success>([operation](TpmConnection &connection) -> Status {
        const Result<TpmSession *> session = connection.session();
        if (!session)
            return session.error();
        return operation(**session);
    });
}

void TstTpmLockout::initTestCase()
{
    QVERIFY2(m_env.start(), qPrintable(m_env.swtpm.errorString()));
    const Status configured = runOnSession([](TpmSession &session) {
        return session.setDictionaryAttackParameters(MaxTries, RecoverySeconds,
                                                     LockoutRecoverySeconds);
    });
    QVERIFY2(configured, qPrintable(configured ? QString() : configured.error().detail));
    m_store = std::make_unique<TpmKeyStore>(m_env.worker, m_stateDir.filePath(u"tpm"_s), 0);
    const Result<KeyInfo> pinKey = m_store->createKey({ {}, Pin });
    QVERIFY(pinKey);
    m_pinKey = pinKey->keyId;
    const Result<KeyInfo> plainKey = m_store->createKey({});
    QVERIFY(plainKey);
    m_plainKey = plainKey->keyId;
}

void TstTpmLockout::cleanupTestCase()
{
    m_store.reset();
    m_env.worker.reset();
}

void TstTpmLockout::daParametersAreReported()
{
    const TpmReport report = TpmProbe::runSync(*m_env.worker);
    QCOMPARE(report.da.maxTries, MaxTries);
    QCOMPARE(report.da.recoverySeconds, RecoverySeconds);
    QCOMPARE(report.da.lockoutRecoverySeconds, LockoutRecoverySeconds);
    QCOMPARE(report.da.failedTries, 0u);
    QVERIFY(!report.da.inLockout);
    QVERIFY(report.ready());
    // The right PIN works before anything went wrong.
    QVERIFY(m_store->signSha256(m_pinKey, "ok", Pin));
}

void TstTpmLockout::wrongPinsCountUpToLockout()
{
    for (quint32 attempt = 1; attempt <= MaxTries; ++attempt) {
        const Result<QByteArray> signature = m_store->signSha256(m_pinKey, "x", u"000000"_s);
        QVERIFY(!signature);
        const Error &error = signature.error();
        QCOMPARE(error.domain, ErrorDomain::Tpm);
        QCOMPARE(tpmErrorKind(error), TpmErrorKind::WrongPin);
        // The message carries the DA state read right after the failure.
        QVERIFY2(error.message.contains(u"%1 of %2"_s.arg(attempt).arg(MaxTries)),
                 qPrintable(error.message));
        QVERIFY2(error.fix.contains(u"1 minute 30 seconds"_s), qPrintable(error.fix));
        QVERIFY2(error.detail.contains(u"Esys_Sign"_s), qPrintable(error.detail));
        if (attempt == MaxTries)
            QVERIFY2(error.message.contains(u"locked out"_s), qPrintable(error.message));
    }
    // One more: the TPM no longer even checks the PIN.
    const Result<QByteArray> locked = m_store->signSha256(m_pinKey, "x", u"000000"_s);
    QVERIFY(!locked);
    QCOMPARE(tpmErrorKind(locked.error()), TpmErrorKind::LockedOut);
    QVERIFY2(locked.error().message.contains(u"locked out"_s), qPrintable(locked.error().message));
}

void TstTpmLockout::lockoutIsReportedWithRecoveryTime()
{
    const TpmReport report = TpmProbe::runSync(*m_env.worker);
    QVERIFY(report.responding);
    QVERIFY(report.da.inLockout);
    QCOMPARE(report.da.failedTries, MaxTries);
    QVERIFY(!report.ready());
    QCOMPARE(report.reasons.size(), 1);
    const TpmReadinessReason &reason = report.reasons.first();
    QCOMPARE(reason.issue, TpmReadinessIssue::LockedOut);
    QVERIFY2(reason.message.contains(u"%1 failed PIN attempts"_s.arg(MaxTries)),
             qPrintable(reason.message));
    QVERIFY2(reason.fix.contains(u"within 1 minute 30 seconds"_s), qPrintable(reason.fix));
    QVERIFY2(reason.fix.contains(u"tpm2_dictionarylockout"_s), qPrintable(reason.fix));

    const QJsonObject json = report.toJson();
    QCOMPARE(json.value("LockedOut"_L1).toBool(), true);
    QCOMPARE(json.value("LockoutCount"_L1).toInteger(), qint64(MaxTries));
    QCOMPARE(json.value("LockoutMax"_L1).toInteger(), qint64(MaxTries));
    QCOMPARE(json.value("LockoutHealTime"_L1).toString(), u"1 minute 30 seconds"_s);
    QCOMPARE(json.value("LockoutRecoverySeconds"_L1).toInteger(), qint64(LockoutRecoverySeconds));
    QCOMPARE(json.value("TpmReady"_L1).toBool(), false);
}

void TstTpmLockout::rightPinIsRefusedDuringLockout()
{
    const Result<QByteArray> signature = m_store->signSha256(m_pinKey, "x", Pin);
    QVERIFY(!signature);
    QCOMPARE(tpmErrorKind(signature.error()), TpmErrorKind::LockedOut);
    QVERIFY2(signature.error().fix.contains(u"1 minute 30 seconds"_s),
             qPrintable(signature.error().fix));
}

void TstTpmLockout::keysWithoutPinStillWork()
{
    // Device and transport keys have no PIN and are noDA: a Hello PIN lockout must not break
    // the device's own keys (KeySignTest).
    const Result<QByteArray> signature = m_store->signSha256(m_plainKey, "device");
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    QVERIFY(m_store->publicKey(m_plainKey)->verifySha256("device", *signature));
    // New keys can still be made under the (noDA) storage primary.
    QVERIFY(m_store->createKey({}));
}

void TstTpmLockout::lockoutMakesSelectionFallBack()
{
    const TpmReport report = TpmProbe::runSync(*m_env.worker);
    const KeyStoreSelection selection
        = KeyStoreSelector::select(report, m_env.worker, { m_stateDir.path(), false, 0 });
    QVERIFY(!selection.usesTpm);
    QCOMPARE(selection.providerName(), u"Entra Doctor Software Key Storage Provider"_s);
    QVERIFY2(selection.reason.contains(u"locked out"_s), qPrintable(selection.reason));
    QCOMPARE(selection.tpmReasons.size(), 1);
    QCOMPARE(selection.tpmReasons.first().issue, TpmReadinessIssue::LockedOut);
}

void TstTpmLockout::resetWithLockoutAuthRestoresPin()
{
    const Status reset
        = runOnSession([](TpmSession &session) { return session.resetDictionaryAttackLockout(); });
    QVERIFY2(reset, qPrintable(reset ? QString() : reset.error().detail));
    const TpmReport report = TpmProbe::runSync(*m_env.worker);
    QVERIFY(!report.da.inLockout);
    QCOMPARE(report.da.failedTries, 0u);
    QVERIFY(report.ready());
    const Result<QByteArray> signature = m_store->signSha256(m_pinKey, "again", Pin);
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
}

QTEST_GUILESS_MAIN(TstTpmLockout)
#include "tst_tpmlockout.moc"
