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

} // namespace FakeCloud
