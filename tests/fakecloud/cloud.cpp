#include "cloud.h"

#include "encoding.h"
#include "endpoints.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

bool Call::segmentIs(qsizetype index, QStringView text) const
{
    return index < segments.size() && segments.at(index).compare(text, Qt::CaseInsensitive) == 0;
}

Expected<std::unique_ptr<Cloud>> Cloud::create(const Options &options)
{
    const StateDirectory directory(options.stateDir);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto keys = directory.loadOrCreateKeys(options.caCertPem, options.caKeyPem, now);
    if (!keys)
        return Failure { keys.error() };
    auto loaded = directory.loadState();
    if (!loaded)
        return Failure { loaded.error() };

    CloudState state;
    if (loaded.value()) {
        state = *loaded.value();
        if (!options.tenantId.isEmpty()
            && Encoding::parseGuid(options.tenantId) != Encoding::parseGuid(state.tenant.id))
            return Failure { u"--tenant-id %1 differs from the tenant %2 saved in %3"_s.arg(
                options.tenantId, state.tenant.id, options.stateDir) };
    } else {
        const QUuid tenantId = options.tenantId.isEmpty() ? QUuid::createUuid()
                                                          : Encoding::parseGuid(options.tenantId);
        if (tenantId.isNull())
            return Failure { u"--tenant-id \"%1\" is not a GUID"_s.arg(options.tenantId) };
        state.tenant.id = Encoding::guidString(tenantId);
        state.tenant.domain = options.tenantDomain.toLower();
        state.tenant.displayName = u"Contoso (fakecloud)"_s;
    }
    if (!options.autoApproveUpn.isEmpty()) {
        state.settings.autoApproveUpn = options.autoApproveUpn;
        state.settings.autoApproveMfa = options.autoApproveMfa;
    }
    if (options.deviceCodeInterval >= 0)
        state.settings.deviceCodeInterval = options.deviceCodeInterval;

    std::unique_ptr<Cloud> cloud(new Cloud(options, std::move(state), std::move(keys.value())));
    const QString error = cloud->persist();
    if (!error.isEmpty())
        return Failure { error };
    return cloud;
}

Cloud::Cloud(const Options &options, CloudState state, KeyRing keys)
    : m_directory(options.stateDir)
    , m_state(std::move(state))
    , m_keys(std::move(keys))
    , m_tokens(m_state.tenant, m_keys)
    , m_fallbackBaseUrl(options.fallbackBaseUrl)
{
    m_groups.push_back(std::make_unique<AdminEndpoints>(*this));
    m_groups.push_back(std::make_unique<DrsEndpoints>(*this));
    m_groups.push_back(std::make_unique<KeyEndpoints>(*this));
    m_groups.push_back(std::make_unique<GraphEndpoints>(*this));
    m_groups.push_back(std::make_unique<OAuthEndpoints>(*this));
    m_groups.push_back(std::make_unique<DiscoveryEndpoints>(*this));
}

Cloud::~Cloud() = default;

QDateTime Cloud::now() const
{
    return QDateTime::currentDateTimeUtc();
}

bool Cloud::isKnownTenant(const QString &segment) const
{
    return segment.compare(m_state.tenant.id, Qt::CaseInsensitive) == 0
        || segment.compare(m_state.tenant.domain, Qt::CaseInsensitive) == 0
        || segment.compare(u"common"_s, Qt::CaseInsensitive) == 0
        || segment.compare(u"organizations"_s, Qt::CaseInsensitive) == 0;
}

QString Cloud::persist()
{
    const QString error = m_directory.saveState(m_state);
    if (!error.isEmpty())
        qWarning("fakecloud: %s", qPrintable(error));
    return error;
}

void Cloud::reset()
{
    m_state.devices.clear();
    m_state.deviceCodes.clear();
    m_state.refreshTokens.clear();
    m_state.prts.clear();
    m_state.nonces.clear();
    for (User &user : m_state.users) // their keys belonged to the forgotten devices
        user.keyCredentials.clear();
    m_faults.clear();
}

void Cloud::approve(DeviceCode &code, const QString &upn, bool mfa)
{
    m_state.user(upn);
    code.status = DeviceCode::Status::Approved;
    code.upn = upn;
    code.mfa = mfa;
}

Errors::Context Cloud::contextFor(const HttpRequest &request) const
{
    Errors::Context context;
    context.traceId = Encoding::newGuid();
    const QString requestId = QString::fromLatin1(request.header("client-request-id")).trimmed();
    context.correlationId = requestId.isEmpty() ? Encoding::newGuid() : requestId;
    context.now = now();
    const QByteArray host = request.header("host");
    context.baseUrl
        = host.isEmpty() ? m_fallbackBaseUrl : u"https://"_s + QString::fromLatin1(host);
    return context;
}

Delivery Cloud::handle(const HttpRequest &request)
{
    const Call call { request, contextFor(request), request.path.split(u'/', Qt::SkipEmptyParts) };
    const Errors::Area area = Errors::areaOf(request.path);
    Delivery delivery;
    if (area == Errors::Area::Admin) {
        delivery.response = request.remoteAddress.isLoopback()
            ? route(call)
            : HttpResponse::json(403,
                                 QJsonObject { { u"error"_s,
                                                 u"admin hooks answer loopback "
                                                 "clients only"_s } });
    } else {
        delivery = answerWithFaults(call, area);
    }

    if (request.method != "GET" && request.method != "HEAD")
        persist();
    HttpResponse &response = delivery.response;
    response.setHeader("x-ms-request-id", call.context.traceId.toLatin1());
    response.setHeader("request-id", call.context.traceId.toLatin1());
    if (request.header("return-client-request-id").compare("true", Qt::CaseInsensitive) == 0)
        response.setHeader("client-request-id", call.context.correlationId.toLatin1());
    response.setHeader("Cache-Control", "no-store, no-cache");
    return delivery;
}

Delivery Cloud::answerWithFaults(const Call &call, Errors::Area area)
{
    const FaultPlan::Applied fault = m_faults.take(call.request.method, call.request.path);
    Delivery delivery;
    delivery.delayMs = fault.delayMs;
    if (!fault.rule) {
        delivery.response = route(call);
        return delivery;
    }
    const FaultRule &rule = *fault.rule;
    switch (rule.kind) {
    case FaultKind::Throttle:
    case FaultKind::Status: // answered instead of the service: nothing is processed
        delivery.response = Errors::forArea(area, rule.status, call.context, rule.retryAfter);
        break;
    case FaultKind::Malformed:
        delivery.response = rule.process ? route(call) : HttpResponse::json(200, QJsonObject());
        corrupt(delivery.response, rule);
        break;
    case FaultKind::Close: { // processed; the answer is lost on the way
        delivery.response = route(call);
        const qint64 size = delivery.response.body.size();
        delivery.closeAfterBodyBytes = rule.bytes >= 0 ? qMin(rule.bytes, size) : size / 2;
        break;
    }
    case FaultKind::Drop: // the connection dies: with `process` after the service acted on it
        if (rule.process)
            delivery.response = route(call);
        delivery.drop = true;
        break;
    case FaultKind::Delay: // delays are summed up in fault.delayMs, never returned as the rule
        delivery.response = route(call);
        break;
    }
    return delivery;
}

HttpResponse Cloud::route(const Call &call)
{
    for (const auto &group : m_groups) {
        if (auto response = group->route(call))
            return std::move(*response);
    }
    return HttpResponse::json(
        404,
        QJsonObject {
            { u"error"_s, u"not_found"_s },
            { u"error_description"_s,
              u"fakecloud has no endpoint %1 %2"_s.arg(QString::fromLatin1(call.request.method),
                                                       call.request.path) },
        });
}

void Cloud::corrupt(HttpResponse &response, const FaultRule &rule)
{
    if (rule.mode == u"html"_s) {
        response.status = 200;
        response.contentType = "text/html; charset=utf-8";
        response.body = "<html><body><h1>Sign in to your account</h1>"
                        "<p>fakecloud: malformed answer</p></body></html>";
    } else if (rule.mode == u"wrong-json"_s) {
        response.status = 200;
        response.contentType = "application/json; charset=utf-8";
        response.body = R"({"unexpected":"fakecloud malformed answer","value":[1,2,3]})";
    } else if (rule.mode == u"empty"_s) {
        response.body.clear();
    } else { // truncated: the real body cut in half, announced with the shorter length
        if (response.body.size() < 2)
            response.body = "{\"";
        response.body.truncate(response.body.size() / 2);
    }
}

} // namespace FakeCloud
