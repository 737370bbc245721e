#include "joinoperation.h"

#include "crypto/bcryptrsablob.h"
#include "crypto/csrbuilder.h"
#include "cloud/cloudhttp.h"
#include "crypto/devicecertificate.h"
#include "operationlogging.h"
#include "tpm/keystore.h"

#include <QFutureWatcher>
#include <QNetworkReply>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

JoinOperation::JoinOperation(DrsClient &client, std::shared_ptr<KeyStore> keys,
                             RegistrationStore &store, JoinOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_keys(std::move(keys))
    , m_store(store)
    , m_options(std::move(options))
{
    recordInOperationLog(*this, m_store.stateDirectory(), u"join"_s);
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &JoinOperation::poll);
}

JoinOperation::~JoinOperation()
{
    if (m_reply)
        m_reply->abort();
}

QString JoinOperation::stepTitle(Step step)
{
    switch (step) {
    case Step::Discover:
        return u"Finding the device registration service"_s;
    case Step::SignIn:
        return u"Signing in"_s;
    case Step::CreateKeys:
        return u"Creating the device key and the transport key"_s;
    case Step::Register:
        return u"Registering the device"_s;
    case Step::VerifyCertificate:
        return u"Checking the device certificate"_s;
    case Step::Store:
        return u"Saving the registration"_s;
    case Step::Done:
        break;
    }
    return u"Done"_s;
}

void JoinOperation::enter(Step step)
{
    m_step = step;
    Q_EMIT stepStarted(step, stepTitle(step));
}

void JoinOperation::start()
{
    if (m_running)
        return;
    m_running = true;
    discover();
}

void JoinOperation::cancel()
{
    if (!m_running)
        return;
    m_pollTimer.stop();
    if (m_reply)
        m_reply->abort(); // its callback runs with an error; the operation is over already
    fail(Error{ErrorDomain::Usage, 0, u"The join was cancelled."_s, {}, {}});
}

void JoinOperation::discover()
{
    enter(Step::Discover);
    m_reply = m_client.discover(m_options.tenant, this, [this](Result<DiscoveryInfo> info) {
        if (!m_running)
            return;
        if (!info)
            return fail(info.error());
        m_discovery = *info;
        startSignIn();
    });
}

void JoinOperation::startSignIn()
{
    enter(Step::SignIn);
    m_reply = m_client.startDeviceCode(
        m_options.tenant, this, [this](Result<DeviceCodeChallenge> challenge) {
            if (!m_running)
                return;
            if (!challenge)
                return fail(challenge.error());
            m_challenge = *challenge;
            m_signInDeadline =
                QDateTime::currentDateTimeUtc().addSecs(m_challenge.expiresInSeconds);
            Q_EMIT signInRequired(m_challenge.userCode, m_challenge.verificationUrl,
                                  m_challenge.message);
            m_pollTimer.start(std::chrono::seconds(m_challenge.intervalSeconds));
        });
}

void JoinOperation::poll()
{
    if (QDateTime::currentDateTimeUtc() > m_signInDeadline)
        return fail(Error{ErrorDomain::Cloud, 70019,
                          u"The sign-in code expired before the sign-in was completed."_s,
                          u"Start the join again and sign in within the time shown."_s, {}});
    m_reply = m_client.pollDeviceCode(
        m_options.tenant, m_challenge, this, [this](Result<std::optional<TokenSet>> token) {
            if (!m_running)
                return;
            if (!token)
                return fail(token.error());
            if (!token->has_value()) {
                m_pollTimer.start(std::chrono::seconds(m_challenge.intervalSeconds));
                return;
            }
            m_token = **token;
            createKeys();
        });
}

void JoinOperation::createKeys()
{
    enter(Step::CreateKeys);
    // Key ids are chosen and journaled before the keys exist, so that a crash during creation
    // still leaves a record of what to delete.
    m_deviceKeyId = KeyStore::newKeyId();
    m_transportKeyId = KeyStore::newKeyId();
    m_journal = OperationJournal{};
    m_journal.operation = u"join"_s;
    m_journal.step = stepTitle(Step::CreateKeys);
    m_journal.createdKeyIds = {m_deviceKeyId, m_transportKeyId};
    m_journal.startedAt = QDateTime::currentDateTimeUtc();
    if (Status written = m_store.writeJournal(m_journal); !written)
        return fail(written.error());

    // Key generation and signing may take seconds on a real TPM: off this thread.
    auto *watcher = new QFutureWatcher<PreparedKeys>(this);
    connect(watcher, &QFutureWatcher<PreparedKeys>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (!m_running)
            return;
        m_prepared = watcher->result();
        if (!m_prepared.ok)
            return fail(m_prepared.error);
        registerDevice();
    });
    watcher->setFuture(QtConcurrent::run(
        [keys = m_keys, deviceKeyId = m_deviceKeyId, transportKeyId = m_transportKeyId] {
            PreparedKeys prepared;
            Result<KeyInfo> device = keys->createKey({deviceKeyId, {}});
            if (!device) {
                prepared.error = device.error();
                return prepared;
            }
            Result<KeyInfo> transport = keys->createKey({transportKeyId, {}});
            if (!transport) {
                prepared.error = transport.error();
                return prepared;
            }
            Result<RsaPublicKey> transportPublic = keys->publicKey(transportKeyId);
            Result<RsaPublicNumbers> numbers =
                transportPublic ? transportPublic->numbers() : Result<RsaPublicNumbers>(transportPublic.error());
            if (!numbers) {
                prepared.error = numbers.error();
                return prepared;
            }
            Result<QByteArray> csr = CsrBuilder::build(
                device->publicKeyDer, [&keys, &deviceKeyId](const QByteArray &digest) {
                    return keys->signDigestSha256(deviceKeyId, digest);
                });
            if (!csr) {
                prepared.error = csr.error();
                return prepared;
            }
            prepared.csr = *csr;
            prepared.transportKeyBlob = BcryptRsaBlob::encode(*numbers);
            prepared.devicePublicKey = device->publicKeyDer;
            prepared.ok = true;
            return prepared;
        }));
}

void JoinOperation::registerDevice()
{
    // The journal names the step before anyone is told it started.
    m_journal.step = stepTitle(Step::Register);
    if (Status written = m_store.writeJournal(m_journal); !written)
        return fail(written.error());
    enter(Step::Register);
    JoinRequest request;
    request.certificateRequest = m_prepared.csr;
    request.transportKeyBlob = m_prepared.transportKeyBlob;
    request.targetDomain = m_options.tenant;
    request.deviceDisplayName = m_options.deviceDisplayName;
    request.osVersion = m_options.osVersion;
    request.joinType = m_options.joinType;
    m_reply = m_client.registerDevice(m_discovery, *m_token, request, this,
                                      [this](Result<JoinResponse> response) {
                                          if (!m_running)
                                              return;
                                          if (!response)
                                              return fail(response.error());
                                          verifyAndStore(*response);
                                      });
}

void JoinOperation::verifyAndStore(const JoinResponse &response)
{
    enter(Step::VerifyCertificate);
    Result<DeviceCertificate> certificate = DeviceCertificate::fromDer(response.certificateDer);
    if (!certificate)
        return fail(certificate.error());
    m_journal.deviceId = certificate->subjectCommonName;
    if (certificate->subjectPublicKeyInfo != m_prepared.devicePublicKey)
        return fail(Error{ErrorDomain::Cloud, 0,
                          u"The certificate the service returned is not for this device's key."_s,
                          u"Try the join again; if it repeats, report it with the trace id."_s,
                          certificate->thumbprint});

    enter(Step::Store);
    DeviceRegistration registration;
    registration.deviceId = certificate->subjectCommonName.toLower();
    registration.tenantId = certificate->tenantId.isEmpty() ? m_token->tenantId()
                                                            : certificate->tenantId;
    registration.targetDomain = m_options.tenant;
    registration.userPrincipalName = response.upn.isEmpty() ? m_token->upn() : response.upn;
    registration.joinType = m_options.joinType;
    registration.deviceKeyId = m_deviceKeyId;
    registration.transportKeyId = m_transportKeyId;
    registration.keyProvider = m_keys->providerName();
    registration.tpmProtected = m_keys->isHardwareBacked();
    registration.certificateDer = response.certificateDer;
    registration.registeredAt = QDateTime::currentDateTimeUtc();
    registration.joinEndpoint = m_discovery.joinEndpoint;
    if (Status saved = m_store.save(registration); !saved)
        return fail(saved.error());
    // The registration is complete; a failure to drop the journal is only reported.
    (void)m_store.clearJournal();
    m_running = false;
    m_token.reset();
    enter(Step::Done);
    Q_EMIT finished(registration);
}

void JoinOperation::fail(const Error &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_pollTimer.stop();
    m_token.reset();
    const QString rollback = rollBack(error);
    Q_EMIT failed(error, m_step, rollback);
}

QString JoinOperation::rollBack(const Error &error)
{
    QStringList done;
    for (const QString &keyId : std::as_const(m_journal.createdKeyIds)) {
        if (!m_keys->keyInfo(keyId))
            continue; // never created
        if (Status deleted = m_keys->deleteKey(keyId); deleted)
            done << u"deleted key %1"_s.arg(keyId);
        else
            return u"Could not delete key %1: %2 The journal is kept so the next start can "
                   u"finish the clean-up."_s.arg(keyId, deleted.error().message);
    }
    if (!m_journal.operation.isEmpty())
        (void)m_store.clearJournal();
    QString text = done.isEmpty() ? u"Nothing had been created; nothing to undo."_s
                                  : u"Rolled back: %1."_s.arg(done.join(u", "_s));
    if (!m_journal.deviceId.isEmpty())
        text += u" The service had already created device %1; it stays in the directory until "
                u"an administrator deletes it (Entra admin center › Devices)."_s.arg(
                    m_journal.deviceId);
    else if (m_step == Step::Register && CloudHttp::answerLost(error))
        text += u" The service's answer was lost, so it may have registered the device anyway; "
                u"such a device object stays in the directory until an administrator deletes "
                u"it (Entra admin center › Devices)."_s;
    return text;
}

} // namespace Entra
