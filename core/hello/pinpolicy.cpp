#include "pinpolicy.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

// All one character, or each character one up (or down) from the one before.
bool isSimplePattern(const QString &pin)
{
    if (pin.size() < 2)
        return false;
    bool same = true;
    bool ascending = true;
    bool descending = true;
    for (qsizetype i = 1; i < pin.size(); ++i) {
        const int step = pin.at(i).unicode() - pin.at(i - 1).unicode();
        same = same && step == 0;
        ascending = ascending && step == 1;
        descending = descending && step == -1;
    }
    return same || ascending || descending;
}

} // namespace

QStringList PinPolicy::problems(const QString &pin) const
{
    QStringList found;
    const qsizetype bytes = pin.toUtf8().size();
    if (pin.size() < minimumLength)
        found << u"The PIN must have at least %1 characters."_s.arg(minimumLength);
    if (bytes > maximumLength)
        found << u"The PIN must not be longer than %1 bytes (the TPM's limit)."_s.arg(
            maximumLength);
    bool hasDigit = false;
    bool hasOther = false;
    for (const QChar c : pin) {
        if (c.isDigit())
            hasDigit = true;
        else if (c.isLetter() || c.isPunct() || c.isSymbol())
            hasOther = true;
        else if (c.isSpace() || !c.isPrint()) {
            found << u"The PIN must not contain spaces or control characters."_s;
            break;
        }
    }
    if (!allowLetters && hasOther)
        found << u"The PIN may only contain digits."_s;
    if (requireDigit && !hasDigit)
        found << u"The PIN must contain at least one digit."_s;
    if (rejectSimplePatterns && isSimplePattern(pin))
        found << u"The PIN must not be a simple pattern such as 111111 or 123456."_s;
    return found;
}

QString PinPolicy::description() const
{
    QString text = u"%1 to %2 characters"_s.arg(minimumLength).arg(maximumLength);
    text += allowLetters ? u", digits, letters and symbols allowed"_s : u", digits only"_s;
    if (requireDigit)
        text += u", at least one digit"_s;
    if (rejectSimplePatterns)
        text += u", no simple patterns (111111, 123456)"_s;
    return text + u'.';
}

} // namespace Entra
