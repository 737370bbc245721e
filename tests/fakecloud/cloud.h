#pragma once

#include "errors.h"
#include "expected.h"
#include "faults.h"
#include "http.h"
#include "state.h"
#include "statedirectory.h"
#include "tokens.h"

#include <QDateTime>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace FakeCloud {

struct Options
{
    QString tenantId; // default: a new GUID (kept in the state directory)
    QString tenantDomain = QStringLiteral("contoso.onmicrosoft.com");
    QString stateDir; // empty: in memory only
    QByteArray caCertPem; // --ca-cert / --ca-key: the TLS CA to use
    QByteArray caKeyPem;
    QString autoApproveUpn;
    bool autoApproveMfa = false;
    int deviceCodeInterval = -1; // -1: keep the setting
    QString fallbackBaseUrl; // for requests without a Host header
};

// One request being answered.
struct Call
{
    const HttpRequest &request;
    Errors::Context context;
    QStringList segments; // the path split on '/', empty parts dropped

    const QString &baseUrl() const { return context.baseUrl; }
    // segments[index] compared case-insensitively
    bool segmentIs(qsizetype index, QStringView text) const;
};

class Cloud;

// A group of endpoints (discovery, OAuth, DRS, Graph, admin). route() answers the calls that
// belong to the group and returns nullopt for all others.
class EndpointGroup
{
public:
    explicit EndpointGroup(Cloud &cloud)
        : m_cloud(cloud)
    { }
    virtual ~EndpointGroup() = default;
    virtual std::optional<HttpResponse> route(const Call &call) = 0;

protected:
    Cloud &m_cloud;
};

// The emulated cloud: state, keys, tokens, faults and the endpoint groups. Transport-free:
// handle() takes a request and returns what to send, so tests can drive it in-process.
class Cloud
{
public:
    static Expected<std::unique_ptr<Cloud>> create(const Options &options);
    ~Cloud();
    Cloud(const Cloud &) = delete;
    Cloud &operator=(const Cloud &) = delete;

    Delivery handle(const HttpRequest &request);

    CloudState &state() { return m_state; }
    const KeyRing &keys() const { return m_keys; }
    const TokenService &tokens() const { return m_tokens; }
    FaultPlan &faults() { return m_faults; }
    QDateTime now() const;

    // The base URL for requests without a Host header (https://127.0.0.1:PORT).
    void setFallbackBaseUrl(const QString &baseUrl) { m_fallbackBaseUrl = baseUrl; }
    // Whether a path segment names this tenant (id, domain, common, organizations).
    bool isKnownTenant(const QString &segment) const;
    // Saves the state when a state directory is set; returns the error, if any.
    QString persist();
    // Forgets devices, device codes, refresh tokens, PRTs, nonces, users' Hello keys and faults;
    // keeps tenant, users (and their passwords) and fakecloud's keys.
    void reset();
    // Approves a pending device code as upn (creating the user on first use).
    void approve(DeviceCode &code, const QString &upn, bool mfa);

private:
    Cloud(const Options &options, CloudState state, KeyRing keys);
    Errors::Context contextFor(const HttpRequest &request) const;
    HttpResponse route(const Call &call);
    // The answer as the injected faults for this request make it.
    Delivery answerWithFaults(const Call &call, Errors::Area area);
    static void corrupt(HttpResponse &response, const FaultRule &rule);

    StateDirectory m_directory;
    CloudState m_state;
    KeyRing m_keys;
    TokenService m_tokens;
    FaultPlan m_faults;
    QString m_fallbackBaseUrl;
    std::vector<std::unique_ptr<EndpointGroup>> m_groups;
};

} // namespace FakeCloud
