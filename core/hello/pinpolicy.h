#pragma once

#include <QString>
#include <QStringList>

namespace Entra {

// The PIN rules, with one plain message per rule broken. The upper bound is the TPM's: the PIN
// becomes the key's authValue, which holds at most a SHA-256 digest (32 bytes).
struct PinPolicy
{
    int minimumLength = 6;
    int maximumLength = 32;
    bool allowLetters = true;
    bool requireDigit = false;
    bool rejectSimplePatterns = true; // 111111, 123456, 987654

    QStringList problems(const QString &pin) const;
    bool accepts(const QString &pin) const { return problems(pin).isEmpty(); }
    QString description() const; // for the wizard: what a PIN must be
};

} // namespace Entra
