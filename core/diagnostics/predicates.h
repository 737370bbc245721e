#pragma once

#include "diagnosticinput.h"
#include "state/jointype.h"
#include "state/sections.h"

#include <functional>

namespace Entra {

// The typed views every predicate reads, made once per run.
struct DiagnosticContext
{
    explicit DiagnosticContext(const DiagnosticInput &input);

    const DiagnosticInput &input;
    JoinAssessment join;
    DeviceState device;
    DeviceDetails details;
    TenantDetails tenant;
    UserState user;
    SsoState sso;
    DiagnosticData diagnostics;
    NgcPrerequisiteCheck ngc;
    QDateTime referenceTime; // see DiagnosticInput::now; may be invalid
    QString referenceTimeSource; // "now", "Client Time"
    std::optional<bool> localAccount; // the user signed in with a local account; unknown: empty

    bool joinedToEntra() const;
};

// What a predicate decided. `codes` select the check's variant; `titleArg` fills %1.
struct RuleMatch
{
    enum class State { Hit, Clear, Skip };
    State state = State::Skip;
    QStringList evidence;
    QStringList codes;
    QString titleArg;
    QString note; // replaces the pass/skip title when set

    static RuleMatch hit(QStringList evidence, QStringList codes = {}, QString titleArg = {});
    static RuleMatch clear(QStringList evidence = {}, QString titleArg = {});
    static RuleMatch skip(QString note = {});
};

using Predicate = std::function<RuleMatch(const DiagnosticContext &)>;

// The predicates diagnostics.json may name; nullptr for an unknown name.
const Predicate *findPredicate(const QString &name);
QStringList predicateNames();

// Codes in a text, normalised: "0x801c0021" (lower case, no leading zeros), "AADSTS50126",
// "MSIS9682", and the DRS error words (DirectoryError ...). Success codes are left out.
QStringList codesInText(QStringView text);

} // namespace Entra
