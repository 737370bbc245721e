#include "csr.h"
#include "encoding.h"
#include "endpoints.h"
#include "pki.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

HttpResponse invalid(const Call &call, const QString &message)
{
    return Errors::drs(400, u"DirectoryError"_s, message, call.context);
}

HttpResponse unauthorized(const Call &call, const QString &message)
{
    return Errors::drs(401, u"AuthenticationError"_s, message, call.context);
}

// The value of key in object, the key compared case-insensitively ("attributes" as ROAD sends).
QJsonValue valueIgnoringCase(const QJsonObject &object, const QString &key)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue::Undefined;
}

// MS-DVRJ 2.3.3: "X509:<SHA1-TP-PUBKEY>" + thumbprint + "+" + base64(SHA-256(RSAPublicKey)).
QString altSecIdFor(const Ssl::Certificate &certificate)
{
    const QByteArray keyHash = QCryptographicHash::hash(certificate.publicKey().rsaPublicKeyDer(),
                                                        QCryptographicHash::Sha256);
    return u"X509:<SHA1-TP-PUBKEY>"_s + certificate.sha1Thumbprint() + u'+'
        + QString::fromLatin1(keyHash.toBase64());
}

QString roleSid(const QString &tenantId, const QString &role)
{
    return Encoding::sidFromObjectId(
        QUuid::createUuidV5(Encoding::parseGuid(tenantId), role.toUtf8()));
}

} // namespace

std::optional<HttpResponse> DrsEndpoints::route(const Call &call)
{
    const QStringList &s = call.segments;
    if (s.isEmpty() || !call.segmentIs(0, u"enrollmentserver"))
        return std::nullopt;
    if (s.size() == 2 && call.segmentIs(1, u"device")) {
        if (call.request.method == "POST")
            return join(call);
        return Errors::drs(405, u"DirectoryError"_s,
                           u"The method %1 is not allowed on the device endpoint."_s.arg(
                               QString::fromLatin1(call.request.method)),
                           call.context);
    }
    if (s.size() == 3 && call.segmentIs(1, u"device")) {
        if (call.request.method == "DELETE")
            return leave(call, s.at(2));
        if (call.request.method == "GET")
            return deviceState(call, s.at(2));
        return Errors::drs(405, u"DirectoryError"_s,
                           u"The method %1 is not allowed on a device object."_s.arg(
                               QString::fromLatin1(call.request.method)),
                           call.context);
    }
    if (s.size() == 3 && call.segmentIs(1, u"nonce") && call.request.method == "GET")
        return nonce(call);
    // Issue 5: /EnrollmentServer/key/ (MS-KPP) joins here.
    return std::nullopt;
}

HttpResponse DrsEndpoints::join(const Call &call)
{
    const HttpRequest &request = call.request;
    if (!request.hasQueryItem(u"api-version"_s) || request.queryValue(u"api-version"_s).isEmpty())
        return invalid(call, u"The api-version query parameter is required."_s);

    auto claims = m_cloud.tokens().verifyBearer(
        request.header("authorization"), &isDrsAudience,
        u"the Device Registration Service (%1)"_s.arg(QLatin1StringView(DrsResourceUri)),
        call.context.now);
    if (!claims)
        return unauthorized(call, claims.error());
    const QString upn = claims->value(u"upn"_s).toString();
    const QString userObjectId = claims->value(u"oid"_s).toString();
    if (upn.isEmpty() || Encoding::parseGuid(userObjectId).isNull())
        return unauthorized(call, u"The access token names no user (upn and oid claims)."_s);
    CloudState &state = m_cloud.state();
    if (state.settings.requireMfaForJoin) {
        QStringList amr;
        for (const QJsonValue &value : claims->value(u"amr"_s).toArray())
            amr.append(value.toString());
        if (!amr.contains(u"mfa"_s) && !amr.contains(u"ngcmfa"_s))
            return unauthorized(call,
                                u"AADSTS50076: The tenant requires multi-factor "
                                "authentication to register or join devices."_s);
    }

    if (!request.header("content-type").toLower().startsWith("application/json"))
        return invalid(call, u"The request Content-Type must be application/json."_s);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return invalid(call, u"The request body is not a JSON object."_s);
    const QJsonObject body = document.object();

    // CertificateRequest {Type: "pkcs10", Data: base64 DER}
    const QJsonValue certificateRequest = body.value(u"CertificateRequest"_s);
    if (!certificateRequest.isObject())
        return invalid(call, u"CertificateRequest is missing or not an object."_s);
    if (certificateRequest[u"Type"_s].toString() != u"pkcs10"_s)
        return invalid(call, u"CertificateRequest.Type must be \"pkcs10\"."_s);
    if (!certificateRequest[u"Data"_s].isString())
        return invalid(call, u"CertificateRequest.Data is missing."_s);
    const auto csrDer
        = Encoding::fromStrictBase64(certificateRequest[u"Data"_s].toString().toLatin1());
    if (!csrDer)
        return invalid(call, u"CertificateRequest.Data is not standard base64 with padding."_s);
    const auto csr = Csr::validateRequest(*csrDer);
    if (!csr)
        return invalid(call, csr.error());

    // TransportKey: base64 BCRYPT_RSAKEY_BLOB
    if (!body.value(u"TransportKey"_s).isString())
        return invalid(call, u"TransportKey is missing or not a string."_s);
    const auto blob
        = Encoding::fromStrictBase64(body.value(u"TransportKey"_s).toString().toLatin1());
    if (!blob)
        return invalid(call, u"TransportKey is not standard base64 with padding."_s);
    const auto transportKey = Csr::parseRsaPublicBlob(*blob);
    if (!transportKey)
        return invalid(call, transportKey.error());

    for (const QString &field :
         { u"TargetDomain"_s, u"DeviceType"_s, u"OSVersion"_s, u"DeviceDisplayName"_s }) {
        if (!body.value(field).isString())
            return invalid(call, u"%1 is missing or not a string."_s.arg(field));
    }
    if (body.value(u"DeviceDisplayName"_s).toString().trimmed().isEmpty())
        return invalid(call, u"DeviceDisplayName is empty."_s);
    if (body.value(u"DeviceType"_s).toString().trimmed().isEmpty())
        return invalid(call, u"DeviceType is empty."_s);

    const QJsonValue joinTypeValue = body.value(u"JoinType"_s);
    if (!joinTypeValue.isDouble() || joinTypeValue.toDouble() != double(joinTypeValue.toInt()))
        return invalid(call, u"JoinType is missing or not an integer number."_s);
    const int joinType = joinTypeValue.toInt();
    if (joinType != 0 && joinType != 4)
        return Errors::drs(400, u"AuthenticationError"_s,
                           u"The enrollment request type (%1) is not allowed. Use 0 (join) or 4 "
                           "(register)."_s.arg(joinType),
                           call.context);

    QJsonObject attributes;
    const QJsonValue attributesValue = valueIgnoringCase(body, u"Attributes"_s);
    if (!attributesValue.isUndefined() && !attributesValue.isNull()) {
        if (!attributesValue.isObject())
            return invalid(call, u"Attributes must be an object."_s);
        const QJsonObject given = attributesValue.toObject();
        for (auto it = given.begin(); it != given.end(); ++it) {
            const QJsonValue value = it.value();
            const QString text = value.isBool() ? (value.toBool() ? u"true"_s : u"false"_s)
                                                : value.toString().toLower();
            if (text != u"true"_s && text != u"false"_s)
                return invalid(call,
                               u"Attribute %1 must be \"true\" or \"false\"."_s.arg(it.key()));
            attributes.insert(it.key(), text);
        }
    }

    // Mint the certificate (§3.4) and record the device (§3.5).
    const QUuid deviceId = QUuid::createUuid();
    Pki::DeviceCertificateFields fields;
    fields.deviceId = deviceId;
    fields.userObjectId = Encoding::parseGuid(userObjectId);
    fields.tenantId = Encoding::parseGuid(state.tenant.id);
    fields.joined = joinType == 0;
    fields.region = state.tenant.region;
    const QDateTime now
        = QDateTime::fromSecsSinceEpoch(call.context.now.toSecsSinceEpoch(), Qt::UTC);
    const int days = state.settings.certificateValidityDays;
    fields.notAfter = now.addDays(days);
    fields.notBefore
        = days > 0 ? now : fields.notAfter.addDays(-Pki::DeviceCertificateValidityDays);
    const auto certificate
        = Pki::issueDeviceCertificate(m_cloud.keys().orgAccessCa, csr->publicKey, fields);
    if (!certificate)
        return Errors::drs(500, u"DirectoryError"_s,
                           u"fakecloud could not issue the certificate: "_s + certificate.error(),
                           call.context);

    state.user(upn);
    Device device;
    device.deviceId = Encoding::guidString(deviceId);
    device.objectId = Encoding::newGuid();
    device.displayName = body.value(u"DeviceDisplayName"_s).toString();
    device.deviceType = body.value(u"DeviceType"_s).toString();
    device.osVersion = body.value(u"OSVersion"_s).toString();
    device.targetDomain = body.value(u"TargetDomain"_s).toString();
    device.joinType = joinType;
    device.ownerUpn = upn;
    device.ownerObjectId = userObjectId;
    device.certificateDer = certificate->der();
    device.thumbprint = certificate->sha1Thumbprint();
    device.altSecId = altSecIdFor(certificate.value());
    device.transportKey = *blob;
    device.attributes = attributes;
    device.registered = call.context.now;
    device.lastSignIn = call.context.now;
    state.devices.insert(device.deviceId, device);

    QJsonObject response {
        { u"Certificate"_s,
          QJsonObject { { u"Thumbprint"_s, device.thumbprint },
                        { u"RawBody"_s, QString::fromLatin1(device.certificateDer.toBase64()) } } },
        { u"User"_s, QJsonObject { { u"Upn"_s, upn } } },
    };
    if (valueIgnoringCase(attributes, u"ReturnClientSid"_s).toString() == u"true"_s) {
        response.insert(u"MembershipChanges"_s,
                        QJsonArray { QJsonObject {
                            { u"LocalSID"_s, u"S-1-5-32-544"_s },
                            { u"AddSIDs"_s,
                              QJsonArray { roleSid(state.tenant.id, u"Global Administrator"_s),
                                           roleSid(state.tenant.id,
                                                   u"Azure AD Joined Device Local "
                                                   "Administrator"_s) } } } });
    }
    return HttpResponse::json(state.settings.joinStatus, response);
}

std::variant<HttpResponse, Device *> DrsEndpoints::authenticateDevice(const Call &call,
                                                                     const QString &deviceId)
{
    const HttpRequest &request = call.request;
    if (request.peerCertificateDer.isEmpty())
        return unauthorized(call,
                            u"No TLS client certificate was presented; this request needs the "
                            "device certificate."_s);
    const auto certificate = Ssl::Certificate::fromDer(request.peerCertificateDer);
    if (!certificate)
        return unauthorized(call, u"The TLS client certificate cannot be read."_s);
    const QString problem
        = Pki::checkIssuedBy(m_cloud.keys().orgAccessCa, certificate.value(), call.context.now);
    if (!problem.isEmpty())
        return unauthorized(call,
                            u"The TLS client certificate is not a valid device certificate: "_s
                                + problem + u'.');
    CloudState &state = m_cloud.state();
    const Device *found = state.deviceByThumbprint(certificate->sha1Thumbprint());
    Device *owner = found ? &state.devices[found->deviceId] : nullptr;
    const QString wanted = Encoding::guidString(Encoding::parseGuid(deviceId));
    if (!owner) {
        if (!state.devices.contains(wanted))
            return invalid(call,
                           u"The device object by the given id (%1) is not found."_s.arg(deviceId));
        return unauthorized(call,
                            u"The TLS client certificate does not belong to a registered "
                            "device."_s);
    }
    if (owner->certificateExpired)
        return unauthorized(call, u"The device certificate has expired."_s);
    if (!owner->accountEnabled)
        return unauthorized(call, u"The device %1 is disabled."_s.arg(owner->deviceId));
    if (owner->deviceId != wanted) {
        if (!state.devices.contains(wanted))
            return invalid(call,
                           u"The device object by the given id (%1) is not found."_s.arg(deviceId));
        return unauthorized(call,
                            u"The TLS client certificate belongs to device %1, not %2."_s.arg(
                                owner->deviceId, wanted));
    }
    return owner;
}

HttpResponse DrsEndpoints::leave(const Call &call, const QString &deviceId)
{
    auto authenticated = authenticateDevice(call, deviceId);
    if (auto *refusal = std::get_if<HttpResponse>(&authenticated))
        return *refusal;
    m_cloud.state().devices.remove(std::get<Device *>(authenticated)->deviceId);
    return HttpResponse::empty(200);
}

HttpResponse DrsEndpoints::deviceState(const Call &call, const QString &deviceId)
{
    auto authenticated = authenticateDevice(call, deviceId);
    if (auto *refusal = std::get_if<HttpResponse>(&authenticated))
        return *refusal;
    Device *device = std::get<Device *>(authenticated);
    device->lastSignIn = call.context.now;
    return HttpResponse::json(200,
                              QJsonObject { { u"DeviceId"_s, device->deviceId },
                                            { u"AccountEnabled"_s, device->accountEnabled },
                                            { u"TrustType"_s, device->trustType() },
                                            { u"Thumbprint"_s, device->thumbprint } });
}

HttpResponse DrsEndpoints::nonce(const Call &)
{
    QByteArray value(32, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(value.data()), 8);
    return HttpResponse::json(
        200, QJsonObject { { u"Value"_s, QString::fromLatin1(value.toBase64()) } });
}

} // namespace FakeCloud
