#include "pinoperation.h"

#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "crypto/bcryptrsablob.h"
#include "operationlogging.h"
#include "prtoperation.h"
#include "tpm/keystore.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QNetworkReply>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

struct CreatedKey
{
    QByteArray blob;
    Error error;
    bool ok = false;
};

} // namespace

PinOperation::PinOperation(PrtClient &prtClient, KeyProvisioningClient &keyClient,
                           std::shared_ptr<KeyStore> keys, DeviceRegistration registration,
                           RegistrationStore &journalStore, QObject *parent)
    : QObject(parent)
    , m_prtClient(prtClient)
    , m_keyClient(keyClient)
    , m_keys(std::move(keys))
    , m_registration(std::move(registration))
    , m_journalStore(journalStore)
    , m_prtStore(journalStore.stateDirectory())
    , m_ngcStore(journalStore.stateDirectory())
{
    recordInOperationLog(*this, journalStore.stateDirectory(), u"pin"_s);
}

PinOperation::~PinOperation()
{
    if (m_reply)
        m_reply->abort();
}

QString PinOperation::stepTitle(Step step)
{
    switch (step) {
    case Step::GetToken:
        return u"Getting a token for the key service with your PRT"_s;
    case Step::CreateKey:
        return u"Creating the Windows Hello key, protected by the PIN"_s;
    case Step::RegisterKey:
        return u"Registering the key with your organisation"_s;
    case Step::Store:
        return u"Saving the Windows Hello registration"_s;
    case Step::DeleteKey:
        return u"Deleting the Windows Hello key"_s;
    case Step::Done:
        break;
    }
    return u"Done"_s;
}

void PinOperation::enter(Step step)
{
    m_step = step;
    Q_EMIT stepStarted(step, stepTitle(step));
}

void PinOperation::getToken(std::function<void(const QString &token)> next)
{
    enter(Step::GetToken);
    m_tokenOperation =
        std::make_unique<PrtOperation>(m_prtClient, m_keys, m_registration, m_prtStore);
    connect(m_tokenOperation.get(), &PrtOperation::accessTokenIssued, this,
            [this, next](const QString &token) {
                if (!m_running)
                    return;
                m_token = token;
                next(token);
            });
    connect(m_tokenOperation.get(), &PrtOperation::failed, this,
            [this](const Error &error) { fail(error); });
    m_tokenOperation->requestAccessToken(DrsClient::kDrsResource.toString(), u"ngcmfa"_s);
}

void PinOperation::setUp(const QString &pin)
{
    if (m_running)
        return;
    m_running = true;
    m_pin = pin;
    getToken([this](const QString &token) { createKey(token); });
}

void PinOperation::createKey(const QString &token)
{
    enter(Step::CreateKey);
    m_createdKeyId = KeyStore::newKeyId();
    m_journal = OperationJournal{};
    m_journal.operation = u"pin"_s;
    m_journal.step = stepTitle(Step::CreateKey);
    m_journal.createdKeyIds = {m_createdKeyId};
    m_journal.deviceId = m_registration.deviceId;
    m_journal.startedAt = QDateTime::currentDateTimeUtc();
    if (Status written = m_journalStore.writeJournal(m_journal); !written)
        return fail(written.error());

    auto *watcher = new QFutureWatcher<CreatedKey>(this);
    connect(watcher, &QFutureWatcher<CreatedKey>::finished, this, [this, watcher, token] {
        watcher->deleteLater();
        if (!m_running)
            return;
        const CreatedKey created = watcher->result();
        if (!created.ok)
            return fail(created.error);
        registerKey(token, m_createdKeyId, created.blob);
    });
    watcher->setFuture(QtConcurrent::run([keys = m_keys, keyId = m_createdKeyId, pin = m_pin] {
        CreatedKey created;
        // With a TPM this takes a pre-generated key from the pool and sets the PIN on it.
        Result<KeyInfo> key = keys->createKey({keyId, pin});
        Result<RsaPublicKey> publicKey = key ? keys->publicKey(keyId)
                                             : Result<RsaPublicKey>(key.error());
        Result<RsaPublicNumbers> numbers = publicKey ? publicKey->numbers()
                                                     : Result<RsaPublicNumbers>(publicKey.error());
        if (!numbers) {
            created.error = numbers.error();
            return created;
        }
        created.blob = BcryptRsaBlob::encode(*numbers);
        created.ok = true;
        return created;
    }));
}

void PinOperation::registerKey(const QString &token, const QString &keyId, const QByteArray &blob)
{
    m_journal.step = stepTitle(Step::RegisterKey);
    if (Status written = m_journalStore.writeJournal(m_journal); !written)
        return fail(written.error());
    enter(Step::RegisterKey);
    m_reply = m_keyClient.registerKey(
        token, blob, this, [this, keyId, blob](Result<RegisteredNgcKey> registered) {
            if (!m_running)
                return;
            if (!registered)
                return fail(registered.error());
            m_registeredKid = registered->kid;
            NgcRegistration ngc;
            ngc.keyId = keyId;
            ngc.upn = registered->upn;
            ngc.deviceId = m_registration.deviceId;
            ngc.serverKeyId = registered->kid;
            ngc.keyIdentifier = QString::fromLatin1(
                QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toBase64());
            ngc.publicKeyBlob = blob;
            ngc.tpmProtected = m_keys->isHardwareBacked();
            ngc.createdAt = QDateTime::currentDateTimeUtc();
            store(ngc);
        });
}

void PinOperation::store(const NgcRegistration &registration)
{
    enter(Step::Store);
    // An earlier Hello key of this device is replaced (a PIN change is a new key).
    Result<std::optional<NgcRegistration>> previous = m_ngcStore.load();
    if (Status saved = m_ngcStore.save(registration); !saved)
        return fail(saved.error());
    (void)m_journalStore.clearJournal();
    m_registeredKid.clear(); // saved: no longer something to roll back
    auto done = [this, registration] {
        m_running = false;
        m_pin.clear();
        enter(Step::Done);
        Q_EMIT finished(registration);
    };
    if (!previous || !previous->has_value() || (*previous)->keyId == registration.keyId)
        return done();
    const NgcRegistration old = **previous;
    enter(Step::DeleteKey);
    m_reply = m_keyClient.deleteKey(m_token, old.serverKeyId, this, [this, old, done](Status) {
        (void)m_keys->deleteKey(old.keyId);
        done();
    });
}

void PinOperation::remove()
{
    if (m_running)
        return;
    m_running = true;
    Result<std::optional<NgcRegistration>> current = m_ngcStore.load();
    if (!current || !current->has_value()) {
        m_running = false;
        Q_EMIT failed(current ? Error{ErrorDomain::Usage, 0,
                                      u"No Windows Hello PIN is set up on this device."_s, {}, {}}
                              : current.error(),
                      Step::DeleteKey, {});
        return;
    }
    const NgcRegistration ngc = **current;
    getToken([this, ngc](const QString &token) {
        enter(Step::DeleteKey);
        m_reply = m_keyClient.deleteKey(token, ngc.serverKeyId, this, [this, ngc](Status deleted) {
            if (!m_running)
                return;
            // The local key goes either way: a PIN the user removed must not keep working here.
            const QString note = deleted
                ? QString()
                : u"The key service did not delete the key (%1); it can no longer be used from "
                  u"this device, and an administrator can remove it from the user's "
                  u"authentication methods."_s.arg(deleted.error().message);
            (void)m_keys->deleteKey(ngc.keyId);
            (void)m_ngcStore.remove();
            finishRemoval(note);
        });
    });
}

void PinOperation::finishRemoval(const QString &note)
{
    m_running = false;
    enter(Step::Done);
    Q_EMIT removed(note);
}

void PinOperation::fail(const Error &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_pin.clear();
    QStringList undone;
    if (!m_createdKeyId.isEmpty() && m_keys->keyInfo(m_createdKeyId)) {
        if (m_keys->deleteKey(m_createdKeyId))
            undone << u"deleted the new Hello key"_s;
    }
    if (!m_journal.operation.isEmpty())
        (void)m_journalStore.clearJournal();
    const Step step = m_step;
    QString leftOver;
    if (step == Step::RegisterKey && m_registeredKid.isEmpty() && CloudHttp::answerLost(error))
        leftOver += u" The key service's answer was lost, so it may have registered the key "
                    u"anyway; it cannot be used without this device, and an administrator can "
                    u"remove it from the user's authentication methods."_s;
    auto report = [this, error, step, leftOver](QStringList undoneSteps) {
        const QString rollback = (undoneSteps.isEmpty()
                                      ? u"Nothing had been created; nothing to undo."_s
                                      : u"Rolled back: %1."_s.arg(undoneSteps.join(u", "_s)))
            + leftOver;
        Q_EMIT failed(error, step, rollback);
    };
    if (m_registeredKid.isEmpty())
        return report(undone);
    // Registered but not saved: the service's copy goes too, before the failure is reported.
    m_reply = m_keyClient.deleteKey(m_token, m_registeredKid, this,
                                    [report, undone](Status deleted) mutable {
                                        undone << (deleted ? u"deleted the key on the service"_s
                                                           : u"could not delete the key on the "
                                                             u"service (%1)"_s.arg(
                                                                 deleted.error().message));
                                        report(undone);
                                    });
}

} // namespace Entra
