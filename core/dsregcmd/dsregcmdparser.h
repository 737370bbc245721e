#pragma once

#include "common/result.h"
#include "state/statussnapshot.h"

#include <QByteArray>

namespace Entra {

// Reads what `dsregcmd` printed, as people send it: the current and the pre-1809 layouts,
// copies from web pages (collapsed padding, blank lines, code fences, prompts and banners),
// hard-wrapped values, `/join /debug` transcripts and `/listaccounts`. Fields keep their
// order and spelling; unknown ones are kept. Text that is not dsregcmd output is refused with
// a message that says what was expected. Work is linear in the input, which is capped in size.
class DsregcmdParser
{
public:
    static Result<StatusSnapshot> parse(const QByteArray &bytes);
    static Result<StatusSnapshot> parseText(const QString &text);

    static QString expectedInput();
};

} // namespace Entra
