#include "prtoperation.h"

#include "cloud/clouderror.h"
#include "cloud/drsclient.h"
#include "operationlogging.h"
#include "prt/prtrequest.h"
#include "prt/prtresponse.h"
#include "prt/sessionkey.h"
#include "tpm/keystore.h"

#include <QFutureWatcher>
#include <QNetworkReply>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

// dsregcmd's Attempt Status: STATUS_LOGON_FAILURE when the service refused, a network status
// when it could not be reached (DSREGCMD.md §6.5).
constexpr auto kLogonFailure = "0xc000006d";
constexpr auto kNetworkUnreachable = "0xc000023c";

} // namespace

QString PrtCredential::typeName() const
{
    switch (kind) {
    case Kind::BrokerRefreshToken:
        return u"Refresh token"_s;
    case Kind::Password:
        return u"Password"_s;
    case Kind::HelloKey:
        return u"Windows Hello key"_s;
    }
    return {};
}

PrtOperation::PrtOperation(PrtClient &client, std::shared_ptr<KeyStore> keys,
                           DeviceRegistration registration, PrtStore &store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_keys(std::move(keys))
    , m_registration(std::move(registration))
    , m_store(store)
{
    recordInOperationLog(*this, m_store.stateDirectory(), u"prt"_s);
}

PrtOperation::~PrtOperation()
{
    if (m_reply)
        m_reply->abort();
}

QString PrtOperation::stepTitle(Step step)
{
    switch (step) {
    case Step::Nonce:
        return u"Getting a nonce from the token service"_s;
    case Step::SignRequest:
        return u"Signing the request with the device key"_s;
    case Step::Send:
        return u"Sending the request"_s;
    case Step::OpenSessionKey:
        return u"Opening the session key with the transport key"_s;
    case Step::Store:
        return u"Saving the PRT"_s;
    case Step::Done:
        break;
    }
    return u"Done"_s;
}

QString PrtOperation::action() const
{
    switch (m_mode) {
    case Mode::Acquire:
        return u"get a PRT"_s;
    case Mode::Renew:
        return u"renew the PRT"_s;
    case Mode::AccessToken:
        break;
    }
    return u"get an access token with the PRT"_s;
}

void PrtOperation::enter(Step step)
{
    m_step = step;
    Q_EMIT stepStarted(step, stepTitle(step));
}

template<typename T, typename Work, typename Done>
void PrtOperation::runOffThread(Work work, Done done)
{
    auto *watcher = new QFutureWatcher<T>(this);
    connect(watcher, &QFutureWatcher<T>::finished, this, [this, watcher, done] {
        watcher->deleteLater();
        if (m_running)
            done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

void PrtOperation::acquire(const PrtCredential &credential)
{
    if (m_running)
        return;
    m_mode = Mode::Acquire;
    m_renewal = false;
    m_credential = credential;
    start();
}

void PrtOperation::renew()
{
    requestWithSessionKey(Mode::Renew);
}

void PrtOperation::requestAccessToken(const QString &resource, const QString &amrValues)
{
    m_resource = resource;
    m_amrValues = amrValues;
    requestWithSessionKey(Mode::AccessToken);
}

void PrtOperation::requestWithSessionKey(Mode mode)
{
    if (m_running)
        return;
    m_mode = mode;
    m_renewal = true;
    m_running = true; // so that fail() reports
    Result<std::optional<StoredPrt>> stored = m_store.load();
    if (!stored)
        return fail(stored.error());
    if (!stored->has_value())
        return fail(Error{ErrorDomain::Usage, 0, u"This device has no PRT."_s,
                          u"Acquire one first (`entra-doctor prt acquire`)."_s, {}});
    m_current = **stored;
    m_credential = PrtCredential{PrtCredential::Kind::BrokerRefreshToken, m_current->upn, {}, {}, {}};
    start();
}

void PrtOperation::start()
{
    m_running = true;
    enter(Step::Nonce);
    m_reply = m_client.requestNonce(m_registration.tenantId, this, [this](Result<QString> nonce) {
        if (!m_running)
            return;
        if (!nonce)
            return fail(nonce.error());
        sign(*nonce);
    });
}

void PrtOperation::cancel()
{
    if (!m_running)
        return;
    if (m_reply)
        m_reply->abort();
    fail(Error{ErrorDomain::Usage, 0, u"The PRT request was cancelled."_s, {}, {}});
}

void PrtOperation::sign(const QString &nonce)
{
    enter(Step::SignRequest);
    runOffThread<Signed>(
        [keys = m_keys, registration = m_registration, credential = m_credential,
         current = m_current, renewal = m_renewal, nonce, accessToken = m_mode == Mode::AccessToken,
         resource = m_resource, amrValues = m_amrValues] {
            Signed result;
            Result<QByteArray> jwt = Error{};
            if (renewal) {
                Result<SessionKey> key = SessionKey::unwrap(*keys, registration.transportKeyId,
                                                            current->encryptedSessionKey);
                Result<QByteArray> prt = key ? key->unseal(current->sealedPrt)
                                             : Result<QByteArray>(key.error());
                if (!prt) {
                    result.error = prt.error();
                    return result;
                }
                const QString prtText = QString::fromLatin1(*prt);
                const QJsonObject payload = accessToken
                    ? PrtRequest::accessTokenRequest(nonce, prtText,
                                                     DrsClient::kBrokerClientId.toString(),
                                                     resource, amrValues)
                    : PrtRequest::renewal(nonce, prtText);
                jwt = key->signRequest(Jose::compactJson(payload), SessionKey::KdfVersion::V2);
            } else {
                QJsonObject payload;
                switch (credential.kind) {
                case PrtCredential::Kind::BrokerRefreshToken:
                    payload = PrtRequest::refreshTokenGrant(nonce, credential.secret);
                    break;
                case PrtCredential::Kind::Password:
                    payload = PrtRequest::passwordGrant(nonce, credential.userName,
                                                        credential.secret);
                    break;
                case PrtCredential::Kind::HelloKey: {
                    Result<QByteArray> assertion = PrtRequest::ngcAssertion(
                        *keys, credential.ngcKeyId, credential.secret, credential.userName,
                        nonce, credential.ngcKeyBlob);
                    if (!assertion) {
                        result.error = assertion.error();
                        return result;
                    }
                    payload = PrtRequest::ngcAssertionGrant(nonce, credential.userName,
                                                            *assertion);
                    break;
                }
                }
                jwt = PrtRequest::signWithDevice(
                    {keys.get(), registration.deviceKeyId, registration.certificateDer}, payload);
            }
            if (!jwt) {
                result.error = jwt.error();
                return result;
            }
            result.requestJwt = *jwt;
            result.ok = true;
            return result;
        },
        [this](const Signed &signedRequest) {
            if (!signedRequest.ok)
                return fail(signedRequest.error);
            send(signedRequest.requestJwt);
        });
}

void PrtOperation::send(const QByteArray &requestJwt)
{
    enter(Step::Send);
    m_reply = m_client.sendRequest(m_registration.tenantId, requestJwt,
                                   m_renewal ? u"2.2"_s : u"2.0"_s, this,
                                   [this](Result<HttpResponse> response) {
                                       if (!m_running)
                                           return;
                                       if (!response)
                                           return fail(response.error());
                                       if (!response->isSuccess()) {
                                           Error error = CloudError::fromResponse(
                                               response->status, response->body, action());
                                           // A session-key request refused as invalid_grant:
                                           // the PRT itself is gone (expired, revoked).
                                           if (m_renewal
                                               && CloudError::oauthError(response->body)
                                                   == u"invalid_grant")
                                               error.fix = u"The PRT is no longer accepted; "
                                                           u"sign in again to get a new one "
                                                           u"(`entra-doctor prt acquire`)."_s;
                                           return fail(error, response->status, response->body);
                                       }
                                       open(*response);
                                   });
}

void PrtOperation::open(const HttpResponse &response)
{
    enter(Step::OpenSessionKey);
    runOffThread<Opened>(
        [keys = m_keys, registration = m_registration, current = m_current,
         renewal = m_renewal, accessTokenOnly = m_mode == Mode::AccessToken, body = response.body, authority = m_client.tokenUrl(m_registration.tenantId)] {
            Opened result;
            auto failWith = [&result](const Error &error) {
                result.error = error;
                return result;
            };
            QByteArray json = body;
            std::optional<SessionKey> key;
            QByteArray encryptedKey;
            if (renewal) {
                // The answer is a JWE under the session key we already hold.
                Result<SessionKey> held = SessionKey::unwrap(*keys, registration.transportKeyId,
                                                             current->encryptedSessionKey);
                if (!held)
                    return failWith(held.error());
                Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(body);
                if (!jwe)
                    return failWith(jwe.error());
                Result<QByteArray> plain = held->decryptResponse(*jwe);
                if (!plain)
                    return failWith(plain.error());
                json = *plain;
                key = *held;
                encryptedKey = current->encryptedSessionKey;
            }
            Result<PrtResponse> parsed = PrtResponse::fromJson(json);
            if (!parsed)
                return failWith(parsed.error());
            result.accessToken = parsed->accessToken;
            if (!current && parsed->refreshToken.isEmpty())
                return failWith(Error{ErrorDomain::Cloud, 0,
                                      u"The token service answered without a PRT."_s, {}, {}});
            if (accessTokenOnly || (parsed->refreshToken.isEmpty() && current)) {
                // An access-token answer (its refresh token is an app's, not a PRT, since we do
                // not ask for aza there), or no new PRT: the stored PRT stays as it is.
                result.prt = *current;
                result.ok = true;
                return result;
            }
            if (!parsed->sessionKeyJwe.isEmpty()) {
                Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(parsed->sessionKeyJwe);
                if (!jwe)
                    return failWith(jwe.error());
                Result<SessionKey> fresh =
                    SessionKey::fromSessionKeyJwe(*keys, registration.transportKeyId, *jwe);
                if (!fresh)
                    return failWith(fresh.error());
                key = *fresh;
                encryptedKey = jwe->encryptedKey;
            }
            if (!key)
                return failWith(Error{ErrorDomain::Cloud, 0,
                                      u"The service issued a PRT without a session key."_s,
                                      u"Try again; a PRT cannot be used without it."_s, {}});
            Result<QByteArray> sealed = key->seal(parsed->refreshToken.toLatin1());
            if (!sealed)
                return failWith(sealed.error());
            StoredPrt &prt = result.prt;
            prt.upn = parsed->upn().isEmpty() && current ? current->upn : parsed->upn();
            prt.tenantId = parsed->tenantId.isEmpty() ? registration.tenantId : parsed->tenantId;
            QUrl authorityUrl = authority;
            authorityUrl.setPath(u"/"_s + prt.tenantId);
            prt.authority = authorityUrl.toString();
            prt.amr = parsed->amr().isEmpty() && current ? current->amr : parsed->amr();
            prt.updatedAt = QDateTime::currentDateTimeUtc();
            prt.expiresAt = parsed->expiresAt.isValid() ? parsed->expiresAt
                                                        : prt.updatedAt.addDays(14);
            prt.encryptedSessionKey = encryptedKey;
            prt.sealedPrt = *sealed;
            result.ok = true;
            return result;
        },
        [this](const Opened &opened) {
            if (!opened.ok)
                return fail(opened.error);
            if (m_mode == Mode::AccessToken) {
                if (opened.accessToken.isEmpty())
                    return fail(Error{ErrorDomain::Cloud, 0,
                                      u"The token service answered without an access token."_s,
                                      {}, {}});
                m_running = false;
                enter(Step::Done);
                Q_EMIT accessTokenIssued(opened.accessToken);
                return;
            }
            enter(Step::Store);
            if (Status saved = m_store.save(opened.prt); !saved)
                return fail(saved.error());
            (void)m_store.clearFailure();
            m_running = false;
            enter(Step::Done);
            Q_EMIT finished(opened.prt);
        });
}

void PrtOperation::fail(const Error &error, int httpStatus, const QByteArray &body)
{
    if (!m_running)
        return;
    m_running = false;
    PrtAttempt attempt;
    attempt.time = QDateTime::currentDateTimeUtc();
    attempt.userIdentity = m_credential.userName;
    attempt.credentialType = m_renewal ? u"Session key"_s : m_credential.typeName();
    // Only failures to get or renew the PRT itself are dsregcmd's "PRT attempt".
    const bool prtAttempt = m_mode != Mode::AccessToken;
    attempt.endpointUri = m_client.tokenUrl(m_registration.tenantId).toString();
    if (httpStatus > 0) {
        const QJsonObject json = HttpResponse{httpStatus, body, {}}.json();
        attempt.attemptStatus = QString::fromLatin1(kLogonFailure);
        attempt.httpStatus = QString::number(httpStatus);
        attempt.serverErrorCode = json.value(u"error"_s).toString();
        attempt.serverErrorDescription =
            json.value(u"error_description"_s).toString().section(u'\n', 0, 0).trimmed();
        attempt.correlationId = json.value(u"correlation_id"_s).toString();
    } else if (error.domain == ErrorDomain::Cloud) {
        attempt.attemptStatus = QString::fromLatin1(kNetworkUnreachable);
    } else {
        attempt.attemptStatus = errorDomainName(error.domain);
    }
    if (prtAttempt && error.domain != ErrorDomain::Usage)
        (void)m_store.saveFailure(attempt);
    Q_EMIT failed(error, attempt);
}

} // namespace Entra
