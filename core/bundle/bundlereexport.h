#pragma once

#include "bundle/supportbundlereader.h"
#include "bundle/supportbundlewriter.h"

namespace Entra::Bundle {

// What an opened bundle gives to a new one, so that exporting what was imported keeps it all:
// the status, the TPM report, the certificates and the event files (already redacted when
// they were first bundled). Reads the extracted files: not on the GUI thread.
struct BundleReexport
{
    static SupportBundleContent contentOf(const ImportedBundle &bundle);
};

} // namespace Entra::Bundle
