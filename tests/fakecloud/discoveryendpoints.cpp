#include "encoding.h"
#include "endpoints.h"

#include <QJsonArray>
#include <QUrl>
#include <QXmlStreamWriter>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

constexpr char16_t EntitiesNamespace[]
    = u"http://schemas.datacontract.org/2004/07/Microsoft.DeviceRegistration.Entities";
constexpr char16_t ArraysNamespace[] = u"http://schemas.microsoft.com/2003/10/Serialization/Arrays";
constexpr char16_t InstanceNamespace[] = u"http://www.w3.org/2001/XMLSchema-instance";

QJsonObject service(const QString &endpointKey, const QString &endpoint, const QString &resourceKey,
                    const QString &resource, const QString &version)
{
    return { { endpointKey, endpoint },
             { resourceKey, resource },
             { u"ServiceVersion"_s, version } };
}

void writeXmlValue(QXmlStreamWriter &xml, const QString &name, const QJsonValue &value)
{
    xml.writeStartElement(QString::fromUtf16(EntitiesNamespace), name);
    if (value.isNull()) {
        xml.writeAttribute(QString::fromUtf16(InstanceNamespace), u"nil"_s, u"true"_s);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            writeXmlValue(xml, it.key(), it.value());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            xml.writeTextElement(QString::fromUtf16(ArraysNamespace), u"string"_s, item.toString());
    } else if (value.isBool()) {
        xml.writeCharacters(value.toBool() ? u"true"_s : u"false"_s);
    } else {
        xml.writeCharacters(value.toVariant().toString());
    }
    xml.writeEndElement();
}

// MS-DVRD's XML form: root "Discovery" in the DeviceRegistration.Entities namespace.
QByteArray discoveryXml(const QJsonObject &json)
{
    QByteArray data;
    QXmlStreamWriter xml(&data);
    xml.writeStartDocument();
    xml.writeNamespace(QString::fromUtf16(InstanceNamespace), u"i"_s);
    xml.writeNamespace(QString::fromUtf16(ArraysNamespace), u"a"_s);
    xml.writeDefaultNamespace(QString::fromUtf16(EntitiesNamespace));
    xml.writeStartElement(QString::fromUtf16(EntitiesNamespace), u"Discovery"_s);
    for (auto it = json.begin(); it != json.end(); ++it)
        writeXmlValue(xml, it.key(), it.value());
    xml.writeEndElement();
    xml.writeEndDocument();
    return data;
}

HttpResponse tenantNotFound(const Call &call, const QString &tenant)
{
    return Errors::drs(400, u"DirectoryError"_s,
                       u"AADSTS90002: Tenant '%1' not found. Check to make sure you have the "
                       "correct tenant ID and are signing into the correct cloud."_s.arg(tenant),
                       call.context);
}

} // namespace

std::optional<HttpResponse> DiscoveryEndpoints::route(const Call &call)
{
    const QStringList &s = call.segments;
    if (call.request.method != "GET")
        return std::nullopt;
    if (s.size() == 1 && call.segmentIs(0, u"devicelogin")) {
        return HttpResponse::bytes(
            200, "text/html; charset=utf-8",
            "<html><body><h1>fakecloud device login</h1><p>fakecloud has no sign-in page. "
            "Approve a code with POST /_fakecloud/devicecodes/{user_code}/approve or start "
            "fakecloud with --auto-approve UPN.</p></body></html>");
    }
    if (s.size() == 3 && call.segmentIs(1, u"enrollmentserver") && call.segmentIs(2, u"contract"))
        return contract(call, s.at(0));
    if (s.size() == 2 && call.segmentIs(1, u"discover"))
        return discover(call, s.at(0));
    if (s.size() >= 2 && call.segmentIs(1, u"userrealm"))
        return userRealm(call, s.size() >= 3 ? s.at(2) : call.request.queryValue(u"user"_s));
    if (s.size() == 3 && call.segmentIs(1, u".well-known")
        && call.segmentIs(2, u"openid-configuration"))
        return openIdConfiguration(call, s.at(0), 1);
    if (s.size() == 4 && call.segmentIs(1, u"v2.0") && call.segmentIs(2, u".well-known")
        && call.segmentIs(3, u"openid-configuration"))
        return openIdConfiguration(call, s.at(0), 2);
    if ((s.size() == 3 && call.segmentIs(1, u"discovery") && call.segmentIs(2, u"keys"))
        || (s.size() == 4 && call.segmentIs(1, u"discovery") && call.segmentIs(2, u"v2.0")
            && call.segmentIs(3, u"keys")))
        return HttpResponse::json(200, m_cloud.tokens().jwks());
    return std::nullopt;
}

HttpResponse DiscoveryEndpoints::contract(const Call &call, const QString &tenant)
{
    if (!m_cloud.isKnownTenant(tenant) || tenant.compare(u"common"_s, Qt::CaseInsensitive) == 0)
        return tenantNotFound(call, tenant);
    const QString apiVersion = call.request.queryValue(u"api-version"_s);
    if (apiVersion.isEmpty())
        return Errors::drs(400, u"DirectoryError"_s,
                           u"The api-version query parameter is required."_s, call.context);
    const QString base = call.baseUrl();
    const QString tid = m_cloud.state().tenant.id;
    const QString drs = QLatin1StringView(DrsResourceUri);
    const QJsonObject json {
        { u"DeviceRegistrationService"_s,
          service(u"RegistrationEndpoint"_s,
                  QString(base + u"/EnrollmentServer/DeviceEnrollmentWebService.svc"_s),
                  u"RegistrationResourceId"_s, drs, apiVersion) },
        { u"AuthenticationService"_s,
          QJsonObject {
              { u"OAuth2"_s,
                QJsonObject {
                    { u"AuthCodeEndpoint"_s, QString(base + u'/' + tid + u"/oauth2/authorize"_s) },
                    { u"TokenEndpoint"_s, QString(base + u'/' + tid + u"/oauth2/token"_s) } } } } },
        { u"IdentityProviderService"_s,
          QJsonObject { { u"PassiveAuthEndpoint"_s, QString(base + u'/' + tid + u"/wsfed"_s) } } },
        { u"DeviceJoinService"_s,
          service(u"JoinEndpoint"_s, QString(base + u"/EnrollmentServer/device/"_s),
                  u"JoinResourceId"_s, drs, u"2.0"_s) },
        { u"KeyProvisioningService"_s,
          service(u"KeyProvisionEndpoint"_s, QString(base + u"/EnrollmentServer/key/"_s),
                  u"KeyProvisionResourceId"_s, drs, u"1.0"_s) },
        { u"WebBrowserZones"_s,
          QJsonObject { { u"Intranet"_s, QJsonObject { { u"Endpoints"_s, QJsonArray { base } } } },
                        { u"Trusted"_s, QJsonValue::Null },
                        { u"Untrusted"_s, QJsonValue::Null } } },
    };
    const QByteArray accept = call.request.header("accept").toLower();
    if (accept.contains("json"))
        return HttpResponse::json(200, json);
    return HttpResponse::bytes(200, "application/xml; charset=utf-8", discoveryXml(json));
}

HttpResponse DiscoveryEndpoints::discover(const Call &call, const QString &tenant)
{
    if (!m_cloud.isKnownTenant(tenant) || tenant.compare(u"common"_s, Qt::CaseInsensitive) == 0)
        return tenantNotFound(call, tenant);
    const QString base = call.baseUrl();
    const Tenant &t = m_cloud.state().tenant;
    const QString drs = QLatin1StringView(DrsResourceUri);
    const QString discoveryName = m_cloud.state().settings.discoveryServiceName;
    const QString discoveryEndpointKey
        = discoveryName == u"ServicesService"_s ? u"ServicesEndpoint"_s : u"DiscoveryEndpoint"_s;
    const QJsonObject json {
        { discoveryName,
          QJsonObject { { discoveryEndpointKey, QString(base + u'/' + t.id + u"/Discover"_s) },
                        { u"ServiceVersion"_s, u"1.9"_s } } },
        { u"DeviceRegistrationService"_s,
          service(u"RegistrationEndpoint"_s,
                  QString(base + u"/EnrollmentServer/DeviceEnrollmentWebService.svc"_s),
                  u"RegistrationResourceId"_s, drs, u"1.0"_s) },
        { u"AuthenticationService"_s,
          QJsonObject {
              { u"OAuth2"_s,
                QJsonObject {
                    { u"AuthCodeEndpoint"_s, QString(base + u'/' + t.id + u"/oauth2/authorize"_s) },
                    { u"TokenEndpoint"_s,
                      QString(base + u'/' + t.id + u"/oauth2/token"_s) } } } } },
        { u"IdentityProviderService"_s,
          QJsonObject { { u"Federated"_s, false },
                        { u"PassiveAuthEndpoint"_s, QString(base + u'/' + t.id + u"/wsfed"_s) } } },
        { u"DeviceJoinService"_s,
          service(u"JoinEndpoint"_s, QString(base + u"/EnrollmentServer/device/"_s),
                  u"JoinResourceId"_s, drs, u"2.0"_s) },
        { u"KeyProvisioningService"_s,
          service(u"KeyProvisionEndpoint"_s, QString(base + u"/EnrollmentServer/key/"_s),
                  u"KeyProvisionResourceId"_s, drs, u"1.0"_s) },
        { u"WebAuthNService"_s,
          service(u"WebAuthNEndpoint"_s, QString(base + u"/webauthn/"_s + t.id + u'/'),
                  u"WebAuthNResourceId"_s, drs, u"1.0"_s) },
        { u"DeviceManagementService"_s,
          service(u"DeviceManagementEndpoint"_s, QString(base + u"/manage/"_s + t.id + u'/'),
                  u"DeviceManagementResourceId"_s, drs, u"1.0"_s) },
        { u"MsaProviderData"_s,
          QJsonObject { { u"SiteId"_s, u"fakecloud"_s }, { u"SiteUrl"_s, base } } },
        { u"PrecreateService"_s,
          service(u"PrecreateEndpoint"_s,
                  QString(base + u"/EnrollmentServer/device/precreate/"_s + t.id + u'/'),
                  u"PrecreateResourceId"_s, drs, u"2.0"_s) },
        { u"TenantInfo"_s,
          QJsonObject { { u"TenantId"_s, t.id },
                        { u"TenantName"_s, t.domain },
                        { u"DisplayName"_s, t.displayName } } },
        { u"AzureRbacService"_s, QJsonObject { { u"RbacPolicyEndpoint"_s, base } } },
        { u"BPLService"_s,
          QJsonObject { { u"BPLServiceEndpoint"_s, QString(base + u"/bpl/"_s) },
                        { u"BPLResourceId"_s, drs },
                        { u"ServiceVersion"_s, u"1.0"_s },
                        { u"BPLProxyServicePrincipalId"_s, QLatin1StringView(DrsAppId) } } },
        { u"DeviceJoinResourceService"_s,
          service(u"Endpoint"_s,
                  QString(base + u"/EnrollmentServer/device/resource/"_s + t.id + u'/'),
                  u"ResourceId"_s, drs, u"1.0"_s) },
        { u"NonceService"_s,
          service(u"Endpoint"_s, QString(base + u"/EnrollmentServer/nonce/"_s + t.id + u'/'),
                  u"ResourceId"_s, drs, u"1.0"_s) },
    };
    return HttpResponse::json(200, json);
}

HttpResponse DiscoveryEndpoints::userRealm(const Call &call, const QString &upn)
{
    const QString domain = upn.section(u'@', 1).toLower();
    const CloudState &state = m_cloud.state();
    bool managed = !domain.isEmpty() && domain == state.tenant.domain;
    for (const User &user : state.users)
        managed = managed || (!domain.isEmpty() && user.upn.section(u'@', 1).toLower() == domain);
    if (call.request.queryValue(u"api-version"_s) == u"2.0"_s) {
        return HttpResponse::json(
            200,
            QJsonObject { { u"NameSpaceType"_s, managed ? u"Managed"_s : u"Unknown"_s },
                          { u"Login"_s, upn },
                          { u"DomainName"_s, domain },
                          { u"FederationBrandName"_s, state.tenant.displayName },
                          { u"TenantBrandingInfo"_s, QJsonValue::Null },
                          { u"cloud_instance_name"_s, u"microsoftonline.com"_s } });
    }
    QJsonObject json { { u"ver"_s, u"1.0"_s },
                       { u"account_type"_s, managed ? u"Managed"_s : u"Unknown"_s },
                       { u"domain_name"_s, domain } };
    if (managed) {
        json.insert(u"cloud_instance_name"_s, u"microsoftonline.com"_s);
        json.insert(u"cloud_audience_urn"_s, u"urn:federation:MicrosoftOnline"_s);
    }
    return HttpResponse::json(200, json);
}

HttpResponse DiscoveryEndpoints::openIdConfiguration(const Call &call, const QString &tenant,
                                                     int version)
{
    if (!m_cloud.isKnownTenant(tenant))
        return Errors::aadsts(400, u"invalid_tenant"_s, 90002,
                              u"Tenant '%1' not found. Check to make sure you have the correct "
                              "tenant ID and are signing into the correct cloud."_s.arg(tenant),
                              call.context);
    const QString base = call.baseUrl();
    const Tenant &t = m_cloud.state().tenant;
    const QString host = QUrl(base).authority();
    const QString v2 = version == 2 ? u"/v2.0"_s : QString();
    QJsonObject json {
        { u"token_endpoint"_s, QString(base + u'/' + t.id + u"/oauth2"_s + v2 + u"/token"_s) },
        { u"device_authorization_endpoint"_s,
          QString(base + u'/' + t.id + u"/oauth2"_s + v2 + u"/devicecode"_s) },
        { u"authorization_endpoint"_s,
          QString(base + u'/' + t.id + u"/oauth2"_s + v2 + u"/authorize"_s) },
        { u"end_session_endpoint"_s,
          QString(base + u'/' + t.id + u"/oauth2"_s + v2 + u"/logout"_s) },
        { u"jwks_uri"_s,
          version == 2 ? QString(base + u'/' + t.id + u"/discovery/v2.0/keys"_s)
                       : QString(base + u"/common/discovery/keys"_s) },
        { u"token_endpoint_auth_methods_supported"_s,
          QJsonArray { u"client_secret_post"_s, u"private_key_jwt"_s, u"client_secret_basic"_s } },
        { u"response_modes_supported"_s, QJsonArray { u"query"_s, u"fragment"_s, u"form_post"_s } },
        { u"subject_types_supported"_s, QJsonArray { u"pairwise"_s } },
        { u"id_token_signing_alg_values_supported"_s, QJsonArray { u"RS256"_s } },
        { u"response_types_supported"_s,
          QJsonArray { u"code"_s, u"id_token"_s, u"code id_token"_s, u"token id_token"_s,
                       u"token"_s } },
        { u"scopes_supported"_s,
          QJsonArray { u"openid"_s, u"profile"_s, u"email"_s, u"offline_access"_s } },
        { u"issuer"_s,
          version == 2 ? u"https://login.microsoftonline.com/%1/v2.0"_s.arg(t.id)
                       : m_cloud.tokens().issuer() },
        { u"request_uri_parameter_supported"_s, false },
        { u"userinfo_endpoint"_s, QString(base + u'/' + t.id + u"/openid/userinfo"_s) },
        { u"http_logout_supported"_s, true },
        { u"frontchannel_logout_supported"_s, true },
        { u"tenant_region_scope"_s, t.region },
        { u"cloud_instance_name"_s, u"microsoftonline.com"_s },
        { u"cloud_graph_host_name"_s, host },
        { u"msgraph_host"_s, host },
        { u"rbac_url"_s, base },
        { u"kerberos_endpoint"_s, QString(base + u'/' + t.id + u"/kerberos"_s) },
    };
    if (version == 1) {
        json.insert(u"microsoft_multi_refresh_token"_s, true);
        json.insert(u"check_session_iframe"_s,
                    QString(base + u'/' + t.id + u"/oauth2/checksession"_s));
    }
    return HttpResponse::json(200, json);
}

} // namespace FakeCloud
