#include "encoding.h"
#include "endpoints.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

HttpResponse ok(const QJsonObject &json = { { QStringLiteral("ok"), true } })
{
    return HttpResponse::json(200, json);
}

HttpResponse problem(int status, const QString &message)
{
    return HttpResponse::json(status, QJsonObject { { u"error"_s, message } });
}

// The JSON object body of an admin request (an empty body is an empty object).
std::optional<QJsonObject> bodyObject(const Call &call)
{
    if (call.request.body.trimmed().isEmpty())
        return QJsonObject();
    const QJsonDocument document = QJsonDocument::fromJson(call.request.body);
    if (!document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

std::optional<HttpResponse> AdminEndpoints::route(const Call &call)
{
    const QStringList &s = call.segments;
    if (s.isEmpty() || s.first() != u"_fakecloud"_s)
        return std::nullopt;
    const QByteArray &method = call.request.method;
    const QString what = s.value(1);
    if (what == u"state"_s && s.size() == 2 && method == "GET") {
        QJsonObject state = m_cloud.state().toJson();
        state.insert(u"faults"_s, m_cloud.faults().toJson());
        state.insert(u"orgAccessCa"_s,
                     QString::fromLatin1(m_cloud.keys().orgAccessCa.certificate.pem()));
        return ok(state);
    }
    if (what == u"reset"_s && s.size() == 2 && method == "POST") {
        m_cloud.reset();
        return ok();
    }
    if (what == u"devices"_s)
        return devices(call);
    if (what == u"devicecodes"_s)
        return deviceCodes(call);
    if (what == u"tokens"_s && s.size() == 2 && method == "POST")
        return mintToken(call);
    if (what == u"faults"_s && s.size() == 2)
        return faults(call);
    if (what == u"config"_s && s.size() == 2)
        return config(call);
    if (what == u"users"_s)
        return users(call);
    if (what == u"prts"_s)
        return prts(call);
    if (what == u"nonces"_s && s.size() == 3 && s.at(2) == u"expire"_s && method == "POST") {
        for (QDateTime &expires : m_cloud.state().nonces)
            expires = call.context.now.addSecs(-1);
        return ok(QJsonObject { { u"expired"_s, m_cloud.state().nonces.size() } });
    }
    return problem(404,
                   u"no admin hook %1 %2"_s.arg(QString::fromLatin1(method), call.request.path));
}

HttpResponse AdminEndpoints::devices(const Call &call)
{
    const QStringList &s = call.segments;
    const QByteArray &method = call.request.method;
    CloudState &state = m_cloud.state();
    if (s.size() == 2 && method == "GET") {
        QJsonArray devices;
        for (const Device &device : state.devices)
            devices.append(device.toJson());
        return ok(QJsonObject { { u"devices"_s, devices } });
    }
    if (s.size() < 3)
        return problem(405, u"use GET /_fakecloud/devices"_s);
    const QString id = Encoding::guidString(Encoding::parseGuid(s.at(2)));
    auto it = state.devices.find(id);
    if (it == state.devices.end())
        return problem(404, u"no device %1"_s.arg(s.at(2)));
    if (s.size() == 3 && method == "GET")
        return ok(it->toJson());
    if (s.size() == 3 && method == "DELETE") {
        state.devices.erase(it);
        return ok();
    }
    if (s.size() == 4 && method == "POST") {
        const QString action = s.at(3);
        if (action == u"disable"_s)
            it->accountEnabled = false;
        else if (action == u"enable"_s)
            it->accountEnabled = true;
        else if (action == u"expire-certificate"_s)
            it->certificateExpired = true;
        else
            return problem(
                404,
                u"unknown device action %1 (disable, enable, expire-certificate)"_s.arg(action));
        return ok(it->toJson());
    }
    return problem(405, u"unsupported method on a device"_s);
}

HttpResponse AdminEndpoints::deviceCodes(const Call &call)
{
    const QStringList &s = call.segments;
    CloudState &state = m_cloud.state();
    if (s.size() == 2 && call.request.method == "GET") {
        QJsonArray codes;
        for (const DeviceCode &code : state.deviceCodes)
            codes.append(code.toJson());
        return ok(QJsonObject { { u"deviceCodes"_s, codes } });
    }
    if (s.size() != 4 || call.request.method != "POST")
        return problem(
            405, u"use POST /_fakecloud/devicecodes/{user_code|latest}/{approve|decline|expire}"_s);
    DeviceCode *code = nullptr;
    if (s.at(2) == u"latest"_s) {
        for (DeviceCode &candidate : state.deviceCodes) {
            if (candidate.status == DeviceCode::Status::Pending
                && (!code || candidate.issued >= code->issued))
                code = &candidate;
        }
    } else {
        code = state.deviceCodeByUserCode(s.at(2));
    }
    if (!code)
        return problem(404, u"no device code %1"_s.arg(s.at(2)));
    const auto body = bodyObject(call);
    if (!body)
        return problem(400, u"the body must be a JSON object"_s);
    const QString action = s.at(3);
    if (action == u"approve"_s) {
        const QString upn = body->value(u"upn"_s).toString();
        if (!upn.contains(u'@'))
            return problem(400, u"approve needs {\"upn\": \"user@domain\", \"mfa\": bool}"_s);
        m_cloud.approve(*code, upn, body->value(u"mfa"_s).toBool());
    } else if (action == u"decline"_s) {
        code->status = DeviceCode::Status::Declined;
    } else if (action == u"expire"_s) {
        code->expires = call.context.now.addSecs(-1);
    } else {
        return problem(404,
                       u"unknown device code action %1 (approve, decline, expire)"_s.arg(action));
    }
    return ok(code->toJson());
}

HttpResponse AdminEndpoints::mintToken(const Call &call)
{
    const auto body = bodyObject(call);
    if (!body)
        return problem(400, u"the body must be a JSON object"_s);
    const QString upn = body->value(u"upn"_s).toString();
    if (!upn.contains(u'@'))
        return problem(400, u"tokens needs at least {\"upn\": \"user@domain\"}"_s);
    QString audience = body->value(u"audience"_s).toString(u"drs"_s);
    if (audience == u"drs"_s)
        audience = QLatin1StringView(DrsResourceUri);
    else if (audience == u"graph"_s)
        audience = QLatin1StringView(GraphResourceUri);
    const User &user = m_cloud.state().user(upn);
    const bool mfa = body->value(u"mfa"_s).toBool();
    Identity identity {
        user.upn,
        user.objectId,
        user.displayName,
        mfa ? QStringList { u"pwd"_s, u"mfa"_s } : QStringList { u"pwd"_s },
        body->value(u"clientId"_s).toString(u"29d9ed98-a469-4536-ade2-f981bc1d605e"_s),
        body->value(u"deviceId"_s).toString()
    };
    if (body->contains(u"amr"_s)) {
        identity.amr.clear();
        for (const QJsonValue &value : body->value(u"amr"_s).toArray())
            identity.amr.append(value.toString());
    }
    const qint64 lifetime = body->value(u"lifetime"_s).toInteger(3599);
    auto token = m_cloud.tokens().accessToken(identity, audience,
                                              body->value(u"scope"_s).toString(u"adrs_access"_s),
                                              call.context.now, lifetime);
    if (!token)
        return problem(500, token.error());
    return ok(QJsonObject { { u"access_token"_s, QString::fromLatin1(token.value()) },
                            { u"oid"_s, user.objectId } });
}

HttpResponse AdminEndpoints::faults(const Call &call)
{
    const QByteArray &method = call.request.method;
    if (method == "GET")
        return ok(QJsonObject { { u"faults"_s, m_cloud.faults().toJson() } });
    if (method == "DELETE") {
        m_cloud.faults().clear();
        return ok();
    }
    if (method != "POST")
        return problem(405, u"use GET, POST or DELETE /_fakecloud/faults"_s);
    const auto body = bodyObject(call);
    if (!body)
        return problem(400, u"the body must be a JSON object"_s);
    auto rule = FaultRule::fromJson(*body);
    if (!rule)
        return problem(400, rule.error());
    const int id = m_cloud.faults().add(rule.value());
    return ok(QJsonObject { { u"ok"_s, true }, { u"id"_s, id } });
}

HttpResponse AdminEndpoints::config(const Call &call)
{
    Settings &settings = m_cloud.state().settings;
    if (call.request.method == "GET")
        return ok(settings.toJson());
    if (call.request.method != "POST")
        return problem(405, u"use GET or POST /_fakecloud/config"_s);
    const auto body = bodyObject(call);
    if (!body)
        return problem(400, u"the body must be a JSON object"_s);
    const QString error = settings.apply(*body);
    if (!error.isEmpty())
        return problem(400, error);
    return ok(settings.toJson());
}

HttpResponse AdminEndpoints::users(const Call &call)
{
    const QStringList &s = call.segments;
    const QByteArray &method = call.request.method;
    CloudState &state = m_cloud.state();
    if (s.size() == 2 && method == "GET") {
        QJsonArray users;
        for (const User &user : state.users)
            users.append(user.toJson());
        return ok(QJsonObject { { u"users"_s, users } });
    }
    if (s.size() < 3)
        return problem(405, u"use GET /_fakecloud/users"_s);
    const QString upn = s.at(2);
    if (s.size() == 4 && s.at(3) == u"password"_s && method == "POST") {
        const auto body = bodyObject(call);
        if (!upn.contains(u'@') || !body || !body->value(u"password"_s).isString())
            return problem(400,
                           u"use POST /_fakecloud/users/{upn}/password {\"password\": \"…\"}"_s);
        state.user(upn);
        state.findUser(upn)->setPassword(body->value(u"password"_s).toString());
        return ok();
    }
    User *user = state.findUser(upn);
    if (!user)
        return problem(404, u"no user %1"_s.arg(upn));
    if (s.size() == 3 && method == "GET")
        return ok(user->toJson());
    if (s.size() >= 4 && s.at(3) == u"keys"_s) {
        if (s.size() == 4 && method == "GET") {
            QJsonArray keys;
            for (const KeyCredential &key : user->keyCredentials)
                keys.append(key.toJson());
            return ok(QJsonObject { { u"keyCredentials"_s, keys } });
        }
        if (s.size() == 4 && method == "DELETE") { // revoke all the user's keys
            const qsizetype count = user->keyCredentials.size();
            user->keyCredentials.clear();
            return ok(QJsonObject { { u"revoked"_s, count } });
        }
        if (s.size() == 5 && method == "DELETE") {
            const qsizetype count = user->keyCredentials.removeIf(
                [&](const KeyCredential &key) { return key.kid == s.at(4); });
            if (count == 0)
                return problem(404, u"user %1 has no key %2"_s.arg(upn, s.at(4)));
            return ok(QJsonObject { { u"revoked"_s, count } });
        }
    }
    return problem(405, u"unsupported request on a user"_s);
}

HttpResponse AdminEndpoints::prts(const Call &call)
{
    const QStringList &s = call.segments;
    const QByteArray &method = call.request.method;
    CloudState &state = m_cloud.state();
    if (s.size() == 2 && method == "GET") {
        QJsonArray prts;
        for (const PrimaryRefreshToken &prt : state.prts)
            prts.append(prt.toJson());
        return ok(QJsonObject { { u"prts"_s, prts } });
    }
    if (s.size() != 3 || s.at(2) != u"expire"_s || method != "POST")
        return problem(405, u"use GET /_fakecloud/prts or POST /_fakecloud/prts/expire"_s);
    const auto body = bodyObject(call);
    if (!body)
        return problem(400, u"the body must be a JSON object"_s);
    // Every PRT matching all the given fields (none given: every PRT) expires now.
    const QString token = body->value(u"token"_s).toString();
    const QString upn = body->value(u"upn"_s).toString();
    const QString deviceId = body->value(u"deviceId"_s).toString();
    int count = 0;
    for (PrimaryRefreshToken &prt : state.prts) {
        if ((!token.isEmpty() && prt.token != token)
            || (!upn.isEmpty() && prt.upn.compare(upn, Qt::CaseInsensitive) != 0)
            || (!deviceId.isEmpty() && prt.deviceId != deviceId))
            continue;
        prt.expires = call.context.now.addSecs(-1);
        ++count;
    }
    return ok(QJsonObject { { u"expired"_s, count } });
}

} // namespace FakeCloud
