// The TPM going away: swtpm killed in the middle of an operation, and no TPM at all.
#include "tpm/keysigntest.h"
#include "tpm/keystoreselection.h"
#include "tpm/softwarekeystore.h"
#include "tpm/tpmkeystore.h"
#include "tpm/tpmprobe.h"
#include "tpmtestenvironment.h"

#include <QDir>
#include <QTemporaryDir>
#include <QThreadPool>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_tctildr.h>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Test;

class TstTpmFailure : public QObject
{
    Q_OBJECT

private slots:
    void killedMidOperation();
    void killedDuringKeyCreation();
    void objectsOfAKilledProgramAreFlushed();
    void noTpmFallsBackToSoftware();
    void forceSoftware();
    void readyTpmIsSelected();
};

void TstTpmFailure::killedMidOperation()
{
    QTemporaryDir stateDir;
    TpmTestEnvironment env;
    QVERIFY2(env.start(), qPrintable(env.swtpm.errorString()));
    const QString tpmStateDir = env.swtpm.stateDir();
    auto store = std::make_shared<TpmKeyStore>(env.worker, stateDir.filePath(u"tpm"_s), 0);
    const Result<KeyInfo> device = store->createKey({});
    const Result<KeyInfo> hello = store->createKey({ {}, u"1357"_s });
    QVERIFY(device && hello);
    QVERIFY(store->signSha256(device->keyId, "before"));

    // Freeze the TPM so the next command is in flight when it dies, then kill it.
    env.swtpm.suspend();
    QFuture<KeySignTestResult> pending = KeySignTest::start(store, { device->keyId, {}, {}, {} });
    QTest::qWait(300);
    QVERIFY(!pending.isFinished()); // really waiting on the TPM
    env.swtpm.kill();
    QTRY_VERIFY_WITH_TIMEOUT(pending.isFinished(), 30000);

    const KeySignTestResult result = pending.result();
    QVERIFY(!result.passed);
    QCOMPARE(result.statusText(), u"FAILED"_s);
    QVERIFY(result.error);
    QCOMPARE(result.error->domain, ErrorDomain::Tpm);
    QCOMPARE(tpmErrorKind(*result.error), TpmErrorKind::ConnectionLost);
    QVERIFY2(result.error->message.contains(u"connection to the TPM was lost"_s),
             qPrintable(result.error->message));
    QVERIFY2(result.error->fix.contains(u"keys already stored are not affected"_s),
             qPrintable(result.error->fix));
    QVERIFY2(result.error->detail.contains(u"Esys_"_s), qPrintable(result.error->detail));

    // With the simulator gone, the next request says so instead of hanging.
    const Result<QByteArray> next = store->signSha256(device->keyId, "x");
    QVERIFY(!next);
    QCOMPARE(tpmErrorKind(next.error()), TpmErrorKind::Unreachable);

    // The key store is intact ...
    QCOMPARE(store->keyIds().size(), 2);
    const QByteArray devicePublic = device->publicKeyDer;
    QCOMPARE(store->keyInfo(device->keyId)->publicKeyDer, devicePublic);

    // ... and its keys work with a new swtpm on the same TPM state.
    TpmTestEnvironment restarted(tpmStateDir);
    QVERIFY2(restarted.start(), qPrintable(restarted.swtpm.errorString()));
    TpmKeyStore again(restarted.worker, store->directory(), 0);
    const Result<QByteArray> signature = again.signSha256(device->keyId, "after");
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    QVERIFY(RsaPublicKey::fromDer(devicePublic)->verifySha256("after", *signature));
    const Result<QByteArray> helloSignature = again.signSha256(hello->keyId, "after", u"1357"_s);
    QVERIFY2(helloSignature,
             qPrintable(helloSignature ? QString() : helloSignature.error().detail));
    QVERIFY(KeySignTest::run(again, { hello->keyId, {}, devicePublic, u"1357"_s }).error);
    QVERIFY(KeySignTest::run(again, { hello->keyId, {}, {}, u"1357"_s }).passed);
}

void TstTpmFailure::killedDuringKeyCreation()
{
    QTemporaryDir stateDir;
    TpmTestEnvironment env;
    QVERIFY2(env.start(), qPrintable(env.swtpm.errorString()));
    auto store = std::make_shared<TpmKeyStore>(env.worker, stateDir.filePath(u"tpm"_s), 0);
    QVERIFY(store->createKey({}));

    env.swtpm.suspend();
    QFuture<Result<KeyInfo>> pending;
    {
        auto promise = std::make_shared<QPromise<Result<KeyInfo>>>();
        pending = promise->future();
        promise->start();
        QThreadPool::globalInstance()->start([promise, store] {
            promise->addResult(store->createKey({}));
            promise->finish();
        });
    }
    QTest::qWait(300);
    QVERIFY(!pending.isFinished());
    env.swtpm.kill();
    QTRY_VERIFY_WITH_TIMEOUT(pending.isFinished(), 30000);
    const Result<KeyInfo> created = pending.result();
    QVERIFY(!created);
    QCOMPARE(tpmErrorKind(created.error()), TpmErrorKind::ConnectionLost);
    // No half-written key was left behind.
    QCOMPARE(store->keyIds().size(), 1);
    QCOMPARE(QDir(store->directory()).entryList(QDir::Files).size(), 1);
}

void TstTpmFailure::objectsOfAKilledProgramAreFlushed()
{
    // Found by the fault soak: without a resource manager the TPM keeps what a program loaded
    // until someone flushes it, and a program killed mid-operation never does. Fill the TPM's
    // object slots the way such a program leaves them (raw ESAPI, ended without flushing).
    QTemporaryDir stateDir;
    TpmTestEnvironment env;
    QVERIFY2(env.start(), qPrintable(env.swtpm.errorString()));
    {
        const QByteArray conf = env.swtpm.tcti().toUtf8();
        TSS2_TCTI_CONTEXT *tcti = nullptr;
        QCOMPARE(Tss2_TctiLdr_Initialize(conf.constData(), &tcti), TSS2_RC_SUCCESS);
        ESYS_CONTEXT *esys = nullptr;
        QCOMPARE(Esys_Initialize(&esys, tcti, nullptr), TSS2_RC_SUCCESS);
        TPM2B_PUBLIC inPublic {};
        TPMT_PUBLIC &area = inPublic.publicArea;
        area.type = TPM2_ALG_KEYEDHASH; // an HMAC key: quick to create
        area.nameAlg = TPM2_ALG_SHA256;
        area.objectAttributes = TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_FIXEDTPM
            | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN
            | TPMA_OBJECT_USERWITHAUTH;
        area.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_HMAC;
        area.parameters.keyedHashDetail.scheme.details.hmac.hashAlg = TPM2_ALG_SHA256;
        const TPM2B_SENSITIVE_CREATE sensitive {};
        const TPM2B_DATA outsideInfo {};
        const TPML_PCR_SELECTION pcrs {};
        TSS2_RC rc = TSS2_RC_SUCCESS;
        int loaded = 0;
        while (rc == TSS2_RC_SUCCESS && loaded < 10) {
            ESYS_TR handle = ESYS_TR_NONE;
            rc = Esys_CreatePrimary(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                    ESYS_TR_NONE, &sensitive, &inPublic, &outsideInfo, &pcrs,
                                    &handle, nullptr, nullptr, nullptr, nullptr);
            loaded += rc == TSS2_RC_SUCCESS ? 1 : 0;
        }
        QCOMPARE(rc, TSS2_RC(TPM2_RC_OBJECT_MEMORY)); // every slot is taken
        QVERIFY(loaded >= 3);
        Esys_Finalize(&esys);
        Tss2_TctiLdr_Finalize(&tcti);
    }

    // The next session flushes them: keys can be created and used again.
    auto store = std::make_shared<TpmKeyStore>(env.worker, stateDir.filePath(u"tpm"_s), 0);
    const Result<KeyInfo> key = store->createKey({});
    QVERIFY2(key, qPrintable(key ? QString() : key.error().detail));
    QVERIFY(store->signSha256(key->keyId, "after"));
}

void TstTpmFailure::noTpmFallsBackToSoftware()
{
    const quint16 port = SwtpmInstance::findClosedPort();
    QVERIFY(port != 0);
    TctiOptions options;
    options.explicitTcti = u"swtpm:host=127.0.0.1,port=%1"_s.arg(port);
    auto worker = std::make_shared<TpmWorker>(options);
    const TpmReport report = TpmProbe::runSync(*worker);
    QVERIFY(!report.ready());

    QTemporaryDir stateDir;
    const KeyStoreSelection selection
        = KeyStoreSelector::select(report, worker, { stateDir.path(), false, 2 });
    QVERIFY(!selection.usesTpm);
    QVERIFY(selection.store);
    QVERIFY(!selection.store->isHardwareBacked());
    QCOMPARE(selection.providerName(), u"Entra Doctor Software Key Storage Provider"_s);
    QVERIFY2(selection.reason.startsWith(u"The TPM is not ready: Could not connect"_s),
             qPrintable(selection.reason));
    QCOMPARE(selection.tpmReasons.size(), 1);
    QCOMPARE(selection.tpmReasons.first().issue, TpmReadinessIssue::TctiUnreachable);

    // The software keys work end to end.
    const Result<KeyInfo> key = selection.store->createKey({});
    QVERIFY(key);
    QCOMPARE(selection.store->directory(), KeyStoreSelector::softwareKeyDirectory(stateDir.path()));
    const KeySignTestResult test = KeySignTest::run(*selection.store, { key->keyId, {}, {}, {} });
    QVERIFY(test.passed);
    QCOMPARE(test.toJson().value("TpmProtected"_L1).toString(), u"NO"_s);
    QCOMPARE(test.toJson().value("KeyProvider"_L1).toString(),
             u"Entra Doctor Software Key Storage Provider"_s);
}

void TstTpmFailure::forceSoftware()
{
    TpmTestEnvironment env;
    QVERIFY2(env.start(), qPrintable(env.swtpm.errorString()));
    const TpmReport report = TpmProbe::runSync(*env.worker);
    QVERIFY(report.ready());
    QTemporaryDir stateDir;
    const KeyStoreSelection selection
        = KeyStoreSelector::select(report, env.worker, { stateDir.path(), true, 2 });
    QVERIFY(!selection.usesTpm);
    QVERIFY(!selection.store->isHardwareBacked());
    QVERIFY2(selection.reason.contains(u"--no-tpm"_s), qPrintable(selection.reason));
    QVERIFY(selection.tpmReasons.isEmpty());
}

void TstTpmFailure::readyTpmIsSelected()
{
    TpmTestEnvironment env;
    QVERIFY2(env.start(), qPrintable(env.swtpm.errorString()));
    const TpmReport report = TpmProbe::runSync(*env.worker);
    QTemporaryDir stateDir;
    const KeyStoreSelection selection
        = KeyStoreSelector::select(report, env.worker, { stateDir.path(), false, 1 });
    QVERIFY(selection.usesTpm);
    // Choosing the TPM starts filling the key pool in the background.
    auto *tpmStore = dynamic_cast<TpmKeyStore *>(selection.store.get());
    QVERIFY(tpmStore);
    QTRY_COMPARE_WITH_TIMEOUT(tpmStore->pool().available(), 1, 30000);
    QVERIFY(selection.reason.isEmpty());
    QCOMPARE(selection.providerName(), u"Entra Doctor Platform Crypto Provider"_s);
    QCOMPARE(selection.store->directory(), KeyStoreSelector::tpmKeyDirectory(stateDir.path()));
    const Result<KeyInfo> key = selection.store->createKey({});
    QVERIFY(key);
    QVERIFY(KeySignTest::run(*selection.store, { key->keyId, {}, {}, {} }).passed);
}

QTEST_GUILESS_MAIN(TstTpmFailure)
#include "tst_tpmfailure.moc"
