#pragma once

#include "common/result.h"
#include "finding.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Entra {

// A cause a check can name when it hits, chosen by the codes the check found.
struct CheckVariant
{
    QString id;
    QStringList codes; // any one matches; "0xcaa*" matches by prefix; empty matches always
    std::optional<CheckOutcome> outcome; // else the check's
    QString title, cause, reference;
    QStringList fix;
};

// One check of resources/knowledge/diagnostics.json: its texts and the C++ predicate that
// decides it.
struct CheckSpec
{
    QString id;
    QString predicate;
    CheckOutcome outcome = CheckOutcome::Fail; // when it hits
    QString title, passTitle, skipTitle, cause, reference;
    QStringList fix;
    QList<CheckVariant> variants;

    // The first variant matching one of `codes` (case-insensitive), or nullptr.
    const CheckVariant *variantFor(const QStringList &codes) const;
};

// The ordered checks; the order is their priority among findings of equal severity.
class RuleBook
{
public:
    static const RuleBook &builtIn();
    // Refuses unknown predicates, unknown outcomes, duplicate ids and checks without texts.
    static Result<RuleBook> fromJson(const QByteArray &json);

    const QList<CheckSpec> &checks() const { return m_checks; }
    const CheckSpec *check(QStringView id) const;

private:
    QList<CheckSpec> m_checks;
};

} // namespace Entra
