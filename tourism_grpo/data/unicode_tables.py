"""Code points that can make text non-NFC, as an RE2 character class generated from `unicodedata`.

Text without any of them is NFC already, so ingest normalises only rows that hold one: one regex pass in Arrow
instead of a Python check per row. Regenerate after a Python upgrade changes `unicodedata.unidata_version`:
`python -m tourism_grpo.data.unicode_tables` prints the two constants below.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

UNIDATA_VERSION = "14.0.0"
NFC_UNSAFE = (
    r"[\x{300}-\x{34e}\x{350}-\x{36f}\x{374}\x{378}-\x{379}\x{37e}\x{380}-\x{383}\x{387}\x{38b}\x{38d}\x{3a2}"
    r"\x{483}-\x{487}\x{530}\x{557}-\x{558}\x{58b}-\x{58c}\x{590}-\x{5bd}\x{5bf}\x{5c1}-\x{5c2}\x{5c4}-\x{5c5}"
    r"\x{5c7}-\x{5cf}\x{5eb}-\x{5ee}\x{5f5}-\x{5ff}\x{610}-\x{61a}\x{64b}-\x{65f}\x{670}\x{6d6}-\x{6dc}"
    r"\x{6df}-\x{6e4}\x{6e7}-\x{6e8}\x{6ea}-\x{6ed}\x{70e}\x{711}\x{730}-\x{74c}\x{7b2}-\x{7bf}\x{7eb}-\x{7f3}"
    r"\x{7fb}-\x{7fd}\x{816}-\x{819}\x{81b}-\x{823}\x{825}-\x{827}\x{829}-\x{82f}\x{83f}\x{859}-\x{85d}\x{85f}"
    r"\x{86b}-\x{86f}\x{88f}\x{892}-\x{89f}\x{8ca}-\x{8e1}\x{8e3}-\x{8ff}\x{93c}\x{94d}\x{951}-\x{954}"
    r"\x{958}-\x{95f}\x{984}\x{98d}-\x{98e}\x{991}-\x{992}\x{9a9}\x{9b1}\x{9b3}-\x{9b5}\x{9ba}-\x{9bc}\x{9be}"
    r"\x{9c5}-\x{9c6}\x{9c9}-\x{9ca}\x{9cd}\x{9cf}-\x{9df}\x{9e4}-\x{9e5}\x{9fe}-\x{a00}\x{a04}\x{a0b}-\x{a0e}"
    r"\x{a11}-\x{a12}\x{a29}\x{a31}\x{a33}-\x{a34}\x{a36}-\x{a37}\x{a3a}-\x{a3d}\x{a43}-\x{a46}\x{a49}-\x{a4a}"
    r"\x{a4d}-\x{a50}\x{a52}-\x{a5b}\x{a5d}-\x{a65}\x{a77}-\x{a80}\x{a84}\x{a8e}\x{a92}\x{aa9}\x{ab1}\x{ab4}"
    r"\x{aba}-\x{abc}\x{ac6}\x{aca}\x{acd}-\x{acf}\x{ad1}-\x{adf}\x{ae4}-\x{ae5}\x{af2}-\x{af8}\x{b00}\x{b04}"
    r"\x{b0d}-\x{b0e}\x{b11}-\x{b12}\x{b29}\x{b31}\x{b34}\x{b3a}-\x{b3c}\x{b3e}\x{b45}-\x{b46}\x{b49}-\x{b4a}"
    r"\x{b4d}-\x{b54}\x{b56}-\x{b5e}\x{b64}-\x{b65}\x{b78}-\x{b81}\x{b84}\x{b8b}-\x{b8d}\x{b91}\x{b96}-\x{b98}"
    r"\x{b9b}\x{b9d}\x{ba0}-\x{ba2}\x{ba5}-\x{ba7}\x{bab}-\x{bad}\x{bba}-\x{bbe}\x{bc3}-\x{bc5}\x{bc9}"
    r"\x{bcd}-\x{bcf}\x{bd1}-\x{be5}\x{bfb}-\x{bff}\x{c0d}\x{c11}\x{c29}\x{c3a}-\x{c3c}\x{c45}\x{c49}"
    r"\x{c4d}-\x{c57}\x{c5b}-\x{c5c}\x{c5e}-\x{c5f}\x{c64}-\x{c65}\x{c70}-\x{c76}\x{c8d}\x{c91}\x{ca9}\x{cb4}"
    r"\x{cba}-\x{cbc}\x{cc2}\x{cc5}\x{cc9}\x{ccd}-\x{cdc}\x{cdf}\x{ce4}-\x{ce5}\x{cf0}\x{cf3}-\x{cff}\x{d0d}"
    r"\x{d11}\x{d3b}-\x{d3c}\x{d3e}\x{d45}\x{d49}\x{d4d}\x{d50}-\x{d53}\x{d57}\x{d64}-\x{d65}\x{d80}\x{d84}"
    r"\x{d97}-\x{d99}\x{db2}\x{dbc}\x{dbe}-\x{dbf}\x{dc7}-\x{dcf}\x{dd5}\x{dd7}\x{ddf}-\x{de5}\x{df0}-\x{df1}"
    r"\x{df5}-\x{e00}\x{e38}-\x{e3e}\x{e48}-\x{e4b}\x{e5c}-\x{e80}\x{e83}\x{e85}\x{e8b}\x{ea4}\x{ea6}"
    r"\x{eb8}-\x{eba}\x{ebe}-\x{ebf}\x{ec5}\x{ec7}-\x{ecb}\x{ece}-\x{ecf}\x{eda}-\x{edb}\x{ee0}-\x{eff}"
    r"\x{f18}-\x{f19}\x{f35}\x{f37}\x{f39}\x{f43}\x{f48}\x{f4d}\x{f52}\x{f57}\x{f5c}\x{f69}\x{f6d}-\x{f76}"
    r"\x{f78}\x{f7a}-\x{f7d}\x{f80}-\x{f84}\x{f86}-\x{f87}\x{f93}\x{f98}\x{f9d}\x{fa2}\x{fa7}\x{fac}\x{fb9}"
    r"\x{fbd}\x{fc6}\x{fcd}\x{fdb}-\x{fff}\x{102e}\x{1037}\x{1039}-\x{103a}\x{108d}\x{10c6}\x{10c8}-\x{10cc}"
    r"\x{10ce}-\x{10cf}\x{1161}-\x{1175}\x{11a8}-\x{11c2}\x{1249}\x{124e}-\x{124f}\x{1257}\x{1259}"
    r"\x{125e}-\x{125f}\x{1289}\x{128e}-\x{128f}\x{12b1}\x{12b6}-\x{12b7}\x{12bf}\x{12c1}\x{12c6}-\x{12c7}"
    r"\x{12d7}\x{1311}\x{1316}-\x{1317}\x{135b}-\x{135f}\x{137d}-\x{137f}\x{139a}-\x{139f}\x{13f6}-\x{13f7}"
    r"\x{13fe}-\x{13ff}\x{169d}-\x{169f}\x{16f9}-\x{16ff}\x{1714}-\x{171e}\x{1734}\x{1737}-\x{173f}"
    r"\x{1754}-\x{175f}\x{176d}\x{1771}\x{1774}-\x{177f}\x{17d2}\x{17dd}-\x{17df}\x{17ea}-\x{17ef}"
    r"\x{17fa}-\x{17ff}\x{181a}-\x{181f}\x{1879}-\x{187f}\x{18a9}\x{18ab}-\x{18af}\x{18f6}-\x{18ff}\x{191f}"
    r"\x{192c}-\x{192f}\x{1939}-\x{193f}\x{1941}-\x{1943}\x{196e}-\x{196f}\x{1975}-\x{197f}\x{19ac}-\x{19af}"
    r"\x{19ca}-\x{19cf}\x{19db}-\x{19dd}\x{1a17}-\x{1a18}\x{1a1c}-\x{1a1d}\x{1a5f}-\x{1a60}\x{1a75}-\x{1a7f}"
    r"\x{1a8a}-\x{1a8f}\x{1a9a}-\x{1a9f}\x{1aae}-\x{1abd}\x{1abf}-\x{1aff}\x{1b34}-\x{1b35}\x{1b44}"
    r"\x{1b4d}-\x{1b4f}\x{1b6b}-\x{1b73}\x{1b7f}\x{1baa}-\x{1bab}\x{1be6}\x{1bf2}-\x{1bfb}\x{1c37}-\x{1c3a}"
    r"\x{1c4a}-\x{1c4c}\x{1c89}-\x{1c8f}\x{1cbb}-\x{1cbc}\x{1cc8}-\x{1cd2}\x{1cd4}-\x{1ce0}\x{1ce2}-\x{1ce8}"
    r"\x{1ced}\x{1cf4}\x{1cf8}-\x{1cf9}\x{1cfb}-\x{1cff}\x{1dc0}-\x{1dff}\x{1f16}-\x{1f17}\x{1f1e}-\x{1f1f}"
    r"\x{1f46}-\x{1f47}\x{1f4e}-\x{1f4f}\x{1f58}\x{1f5a}\x{1f5c}\x{1f5e}\x{1f71}\x{1f73}\x{1f75}\x{1f77}"
    r"\x{1f79}\x{1f7b}\x{1f7d}-\x{1f7f}\x{1fb5}\x{1fbb}\x{1fbe}\x{1fc5}\x{1fc9}\x{1fcb}\x{1fd3}-\x{1fd5}"
    r"\x{1fdb}-\x{1fdc}\x{1fe3}\x{1feb}\x{1fee}-\x{1ff1}\x{1ff5}\x{1ff9}\x{1ffb}\x{1ffd}\x{1fff}-\x{2001}"
    r"\x{2065}\x{2072}-\x{2073}\x{208f}\x{209d}-\x{209f}\x{20c1}-\x{20dc}\x{20e1}\x{20e5}-\x{20ff}\x{2126}"
    r"\x{212a}-\x{212b}\x{218c}-\x{218f}\x{2329}-\x{232a}\x{2427}-\x{243f}\x{244b}-\x{245f}\x{2adc}"
    r"\x{2b74}-\x{2b75}\x{2b96}\x{2cef}-\x{2cf1}\x{2cf4}-\x{2cf8}\x{2d26}\x{2d28}-\x{2d2c}\x{2d2e}-\x{2d2f}"
    r"\x{2d68}-\x{2d6e}\x{2d71}-\x{2d7f}\x{2d97}-\x{2d9f}\x{2da7}\x{2daf}\x{2db7}\x{2dbf}\x{2dc7}\x{2dcf}"
    r"\x{2dd7}\x{2ddf}-\x{2dff}\x{2e5e}-\x{2e7f}\x{2e9a}\x{2ef4}-\x{2eff}\x{2fd6}-\x{2fef}\x{2ffc}-\x{2fff}"
    r"\x{302a}-\x{302f}\x{3040}\x{3097}-\x{309a}\x{3100}-\x{3104}\x{3130}\x{318f}\x{31e4}-\x{31ef}\x{321f}"
    r"\x{a48d}-\x{a48f}\x{a4c7}-\x{a4cf}\x{a62c}-\x{a63f}\x{a66f}\x{a674}-\x{a67d}\x{a69e}-\x{a69f}"
    r"\x{a6f0}-\x{a6f1}\x{a6f8}-\x{a6ff}\x{a7cb}-\x{a7cf}\x{a7d2}\x{a7d4}\x{a7da}-\x{a7f1}\x{a806}"
    r"\x{a82c}-\x{a82f}\x{a83a}-\x{a83f}\x{a878}-\x{a87f}\x{a8c4}\x{a8c6}-\x{a8cd}\x{a8da}-\x{a8f1}"
    r"\x{a92b}-\x{a92d}\x{a953}-\x{a95e}\x{a97d}-\x{a97f}\x{a9b3}\x{a9c0}\x{a9ce}\x{a9da}-\x{a9dd}\x{a9ff}"
    r"\x{aa37}-\x{aa3f}\x{aa4e}-\x{aa4f}\x{aa5a}-\x{aa5b}\x{aab0}\x{aab2}-\x{aab4}\x{aab7}-\x{aab8}"
    r"\x{aabe}-\x{aabf}\x{aac1}\x{aac3}-\x{aada}\x{aaf6}-\x{ab00}\x{ab07}-\x{ab08}\x{ab0f}-\x{ab10}"
    r"\x{ab17}-\x{ab1f}\x{ab27}\x{ab2f}\x{ab6c}-\x{ab6f}\x{abed}-\x{abef}\x{abfa}-\x{abff}\x{d7a4}-\x{d7af}"
    r"\x{d7c7}-\x{d7ca}\x{d7fc}-\x{d7ff}\x{f900}-\x{fa0d}\x{fa10}\x{fa12}\x{fa15}-\x{fa1e}\x{fa20}\x{fa22}"
    r"\x{fa25}-\x{fa26}\x{fa2a}-\x{faff}\x{fb07}-\x{fb12}\x{fb18}-\x{fb1f}\x{fb2a}-\x{fb4e}\x{fbc3}-\x{fbd2}"
    r"\x{fd90}-\x{fd91}\x{fdc8}-\x{fdce}\x{fdd0}-\x{fdef}\x{fe1a}-\x{fe2f}\x{fe53}\x{fe67}\x{fe6c}-\x{fe6f}"
    r"\x{fe75}\x{fefd}-\x{fefe}\x{ff00}\x{ffbf}-\x{ffc1}\x{ffc8}-\x{ffc9}\x{ffd0}-\x{ffd1}\x{ffd8}-\x{ffd9}"
    r"\x{ffdd}-\x{ffdf}\x{ffe7}\x{ffef}-\x{fff8}\x{fffe}-\x{ffff}\x{1000c}\x{10027}\x{1003b}\x{1003e}"
    r"\x{1004e}-\x{1004f}\x{1005e}-\x{1007f}\x{100fb}-\x{100ff}\x{10103}-\x{10106}\x{10134}-\x{10136}\x{1018f}"
    r"\x{1019d}-\x{1019f}\x{101a1}-\x{101cf}\x{101fd}-\x{1027f}\x{1029d}-\x{1029f}\x{102d1}-\x{102e0}"
    r"\x{102fc}-\x{102ff}\x{10324}-\x{1032c}\x{1034b}-\x{1034f}\x{10376}-\x{1037f}\x{1039e}\x{103c4}-\x{103c7}"
    r"\x{103d6}-\x{103ff}\x{1049e}-\x{1049f}\x{104aa}-\x{104af}\x{104d4}-\x{104d7}\x{104fc}-\x{104ff}"
    r"\x{10528}-\x{1052f}\x{10564}-\x{1056e}\x{1057b}\x{1058b}\x{10593}\x{10596}\x{105a2}\x{105b2}\x{105ba}"
    r"\x{105bd}-\x{105ff}\x{10737}-\x{1073f}\x{10756}-\x{1075f}\x{10768}-\x{1077f}\x{10786}\x{107b1}"
    r"\x{107bb}-\x{107ff}\x{10806}-\x{10807}\x{10809}\x{10836}\x{10839}-\x{1083b}\x{1083d}-\x{1083e}\x{10856}"
    r"\x{1089f}-\x{108a6}\x{108b0}-\x{108df}\x{108f3}\x{108f6}-\x{108fa}\x{1091c}-\x{1091e}\x{1093a}-\x{1093e}"
    r"\x{10940}-\x{1097f}\x{109b8}-\x{109bb}\x{109d0}-\x{109d1}\x{10a04}\x{10a07}-\x{10a0b}\x{10a0d}\x{10a0f}"
    r"\x{10a14}\x{10a18}\x{10a36}-\x{10a3f}\x{10a49}-\x{10a4f}\x{10a59}-\x{10a5f}\x{10aa0}-\x{10abf}"
    r"\x{10ae5}-\x{10aea}\x{10af7}-\x{10aff}\x{10b36}-\x{10b38}\x{10b56}-\x{10b57}\x{10b73}-\x{10b77}"
    r"\x{10b92}-\x{10b98}\x{10b9d}-\x{10ba8}\x{10bb0}-\x{10bff}\x{10c49}-\x{10c7f}\x{10cb3}-\x{10cbf}"
    r"\x{10cf3}-\x{10cf9}\x{10d24}-\x{10d2f}\x{10d3a}-\x{10e5f}\x{10e7f}\x{10eaa}-\x{10eac}\x{10eae}-\x{10eaf}"
    r"\x{10eb2}-\x{10eff}\x{10f28}-\x{10f2f}\x{10f46}-\x{10f50}\x{10f5a}-\x{10f6f}\x{10f82}-\x{10f85}"
    r"\x{10f8a}-\x{10faf}\x{10fcc}-\x{10fdf}\x{10ff7}-\x{10fff}\x{11046}\x{1104e}-\x{11051}\x{11070}"
    r"\x{11076}-\x{1107f}\x{110b9}-\x{110ba}\x{110c3}-\x{110cc}\x{110ce}-\x{110cf}\x{110e9}-\x{110ef}"
    r"\x{110fa}-\x{11102}\x{11127}\x{11133}-\x{11135}\x{11148}-\x{1114f}\x{11173}\x{11177}-\x{1117f}\x{111c0}"
    r"\x{111ca}\x{111e0}\x{111f5}-\x{111ff}\x{11212}\x{11235}-\x{11236}\x{1123f}-\x{1127f}\x{11287}\x{11289}"
    r"\x{1128e}\x{1129e}\x{112aa}-\x{112af}\x{112e9}-\x{112ef}\x{112fa}-\x{112ff}\x{11304}\x{1130d}-\x{1130e}"
    r"\x{11311}-\x{11312}\x{11329}\x{11331}\x{11334}\x{1133a}-\x{1133c}\x{1133e}\x{11345}-\x{11346}"
    r"\x{11349}-\x{1134a}\x{1134d}-\x{1134f}\x{11351}-\x{1135c}\x{11364}-\x{113ff}\x{11442}\x{11446}\x{1145c}"
    r"\x{1145e}\x{11462}-\x{1147f}\x{114b0}\x{114ba}\x{114bd}\x{114c2}-\x{114c3}\x{114c8}-\x{114cf}"
    r"\x{114da}-\x{1157f}\x{115af}\x{115b6}-\x{115b7}\x{115bf}-\x{115c0}\x{115de}-\x{115ff}\x{1163f}"
    r"\x{11645}-\x{1164f}\x{1165a}-\x{1165f}\x{1166d}-\x{1167f}\x{116b6}-\x{116b7}\x{116ba}-\x{116bf}"
    r"\x{116ca}-\x{116ff}\x{1171b}-\x{1171c}\x{1172b}-\x{1172f}\x{11747}-\x{117ff}\x{11839}-\x{1183a}"
    r"\x{1183c}-\x{1189f}\x{118f3}-\x{118fe}\x{11907}-\x{11908}\x{1190a}-\x{1190b}\x{11914}\x{11917}\x{11930}"
    r"\x{11936}\x{11939}-\x{1193a}\x{1193d}-\x{1193e}\x{11943}\x{11947}-\x{1194f}\x{1195a}-\x{1199f}"
    r"\x{119a8}-\x{119a9}\x{119d8}-\x{119d9}\x{119e0}\x{119e5}-\x{119ff}\x{11a34}\x{11a47}-\x{11a4f}\x{11a99}"
    r"\x{11aa3}-\x{11aaf}\x{11af9}-\x{11bff}\x{11c09}\x{11c37}\x{11c3f}\x{11c46}-\x{11c4f}\x{11c6d}-\x{11c6f}"
    r"\x{11c90}-\x{11c91}\x{11ca8}\x{11cb7}-\x{11cff}\x{11d07}\x{11d0a}\x{11d37}-\x{11d39}\x{11d3b}\x{11d3e}"
    r"\x{11d42}\x{11d44}-\x{11d45}\x{11d48}-\x{11d4f}\x{11d5a}-\x{11d5f}\x{11d66}\x{11d69}\x{11d8f}\x{11d92}"
    r"\x{11d97}\x{11d99}-\x{11d9f}\x{11daa}-\x{11edf}\x{11ef9}-\x{11faf}\x{11fb1}-\x{11fbf}\x{11ff2}-\x{11ffe}"
    r"\x{1239a}-\x{123ff}\x{1246f}\x{12475}-\x{1247f}\x{12544}-\x{12f8f}\x{12ff3}-\x{12fff}\x{1342f}"
    r"\x{13439}-\x{143ff}\x{14647}-\x{167ff}\x{16a39}-\x{16a3f}\x{16a5f}\x{16a6a}-\x{16a6d}\x{16abf}"
    r"\x{16aca}-\x{16acf}\x{16aee}-\x{16af4}\x{16af6}-\x{16aff}\x{16b30}-\x{16b36}\x{16b46}-\x{16b4f}\x{16b5a}"
    r"\x{16b62}\x{16b78}-\x{16b7c}\x{16b90}-\x{16e3f}\x{16e9b}-\x{16eff}\x{16f4b}-\x{16f4e}\x{16f88}-\x{16f8e}"
    r"\x{16fa0}-\x{16fdf}\x{16fe5}-\x{16fff}\x{187f8}-\x{187ff}\x{18cd6}-\x{18cff}\x{18d09}-\x{1afef}\x{1aff4}"
    r"\x{1affc}\x{1afff}\x{1b123}-\x{1b14f}\x{1b153}-\x{1b163}\x{1b168}-\x{1b16f}\x{1b2fc}-\x{1bbff}"
    r"\x{1bc6b}-\x{1bc6f}\x{1bc7d}-\x{1bc7f}\x{1bc89}-\x{1bc8f}\x{1bc9a}-\x{1bc9b}\x{1bc9e}\x{1bca4}-\x{1ceff}"
    r"\x{1cf2e}-\x{1cf2f}\x{1cf47}-\x{1cf4f}\x{1cfc4}-\x{1cfff}\x{1d0f6}-\x{1d0ff}\x{1d127}-\x{1d128}"
    r"\x{1d15e}-\x{1d169}\x{1d16d}-\x{1d172}\x{1d17b}-\x{1d182}\x{1d185}-\x{1d18b}\x{1d1aa}-\x{1d1ad}"
    r"\x{1d1bb}-\x{1d1c0}\x{1d1eb}-\x{1d1ff}\x{1d242}-\x{1d244}\x{1d246}-\x{1d2df}\x{1d2f4}-\x{1d2ff}"
    r"\x{1d357}-\x{1d35f}\x{1d379}-\x{1d3ff}\x{1d455}\x{1d49d}\x{1d4a0}-\x{1d4a1}\x{1d4a3}-\x{1d4a4}"
    r"\x{1d4a7}-\x{1d4a8}\x{1d4ad}\x{1d4ba}\x{1d4bc}\x{1d4c4}\x{1d506}\x{1d50b}-\x{1d50c}\x{1d515}\x{1d51d}"
    r"\x{1d53a}\x{1d53f}\x{1d545}\x{1d547}-\x{1d549}\x{1d551}\x{1d6a6}-\x{1d6a7}\x{1d7cc}-\x{1d7cd}"
    r"\x{1da8c}-\x{1da9a}\x{1daa0}\x{1dab0}-\x{1deff}\x{1df1f}-\x{1e0ff}\x{1e12d}-\x{1e136}\x{1e13e}-\x{1e13f}"
    r"\x{1e14a}-\x{1e14d}\x{1e150}-\x{1e28f}\x{1e2ae}-\x{1e2bf}\x{1e2ec}-\x{1e2ef}\x{1e2fa}-\x{1e2fe}"
    r"\x{1e300}-\x{1e7df}\x{1e7e7}\x{1e7ec}\x{1e7ef}\x{1e7ff}\x{1e8c5}-\x{1e8c6}\x{1e8d0}-\x{1e8ff}"
    r"\x{1e944}-\x{1e94a}\x{1e94c}-\x{1e94f}\x{1e95a}-\x{1e95d}\x{1e960}-\x{1ec70}\x{1ecb5}-\x{1ed00}"
    r"\x{1ed3e}-\x{1edff}\x{1ee04}\x{1ee20}\x{1ee23}\x{1ee25}-\x{1ee26}\x{1ee28}\x{1ee33}\x{1ee38}\x{1ee3a}"
    r"\x{1ee3c}-\x{1ee41}\x{1ee43}-\x{1ee46}\x{1ee48}\x{1ee4a}\x{1ee4c}\x{1ee50}\x{1ee53}\x{1ee55}-\x{1ee56}"
    r"\x{1ee58}\x{1ee5a}\x{1ee5c}\x{1ee5e}\x{1ee60}\x{1ee63}\x{1ee65}-\x{1ee66}\x{1ee6b}\x{1ee73}\x{1ee78}"
    r"\x{1ee7d}\x{1ee7f}\x{1ee8a}\x{1ee9c}-\x{1eea0}\x{1eea4}\x{1eeaa}\x{1eebc}-\x{1eeef}\x{1eef2}-\x{1efff}"
    r"\x{1f02c}-\x{1f02f}\x{1f094}-\x{1f09f}\x{1f0af}-\x{1f0b0}\x{1f0c0}\x{1f0d0}\x{1f0f6}-\x{1f0ff}"
    r"\x{1f1ae}-\x{1f1e5}\x{1f203}-\x{1f20f}\x{1f23c}-\x{1f23f}\x{1f249}-\x{1f24f}\x{1f252}-\x{1f25f}"
    r"\x{1f266}-\x{1f2ff}\x{1f6d8}-\x{1f6dc}\x{1f6ed}-\x{1f6ef}\x{1f6fd}-\x{1f6ff}\x{1f774}-\x{1f77f}"
    r"\x{1f7d9}-\x{1f7df}\x{1f7ec}-\x{1f7ef}\x{1f7f1}-\x{1f7ff}\x{1f80c}-\x{1f80f}\x{1f848}-\x{1f84f}"
    r"\x{1f85a}-\x{1f85f}\x{1f888}-\x{1f88f}\x{1f8ae}-\x{1f8af}\x{1f8b2}-\x{1f8ff}\x{1fa54}-\x{1fa5f}"
    r"\x{1fa6e}-\x{1fa6f}\x{1fa75}-\x{1fa77}\x{1fa7d}-\x{1fa7f}\x{1fa87}-\x{1fa8f}\x{1faad}-\x{1faaf}"
    r"\x{1fabb}-\x{1fabf}\x{1fac6}-\x{1facf}\x{1fada}-\x{1fadf}\x{1fae8}-\x{1faef}\x{1faf7}-\x{1faff}\x{1fb93}"
    r"\x{1fbcb}-\x{1fbef}\x{1fbfa}-\x{1ffff}\x{2a6e0}-\x{2a6ff}\x{2b739}-\x{2b73f}\x{2b81e}-\x{2b81f}"
    r"\x{2cea2}-\x{2ceaf}\x{2ebe1}-\x{2ffff}\x{3134b}-\x{e0000}\x{e0002}-\x{e001f}\x{e0080}-\x{e00ff}"
    r"\x{e01f0}-\x{effff}\x{ffffe}-\x{fffff}\x{10fffe}-\x{10ffff}]"
)


def nfc_unsafe_code_points() -> list[int]:
    """Every code point that NFC could change, reorder or compose with what precedes it, or that these tables lack."""
    unsafe = set()
    for point in range(sys.maxunicode + 1):
        if 0xD800 <= point <= 0xDFFF:  # surrogates never occur in valid UTF-8
            continue
        char = chr(point)
        # Unassigned in these tables: Arrow's normaliser may know a later Unicode, where it can be anything. Marks
        # reorder among other marks or compose with a base.
        if unicodedata.category(char) == "Cn" or unicodedata.combining(char):
            unsafe.add(point)
            continue
        decomposition = unicodedata.decomposition(char)
        if not decomposition or decomposition.startswith("<"):  # compatibility decompositions are not NFC's
            continue
        parts = [int(part, 16) for part in decomposition.split()]
        if len(parts) == 1 or unicodedata.normalize("NFC", char) != char:
            unsafe.add(point)  # a singleton or an excluded composite: NFC replaces it
        else:
            unsafe.update(parts[1:])  # a primary composite: its trailing part composes with what precedes it
    # Hangul syllables compose algorithmically from jamo: vowels join a leading consonant, trailing consonants a
    # syllable
    unsafe.update(range(0x1161, 0x1176))
    unsafe.update(range(0x11A8, 0x11C3))
    return sorted(unsafe)


def as_class(points: list[int]) -> str:
    """An RE2 character class of sorted code points, as ranges."""
    ranges: list[list[int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "[" + "".join(rf"\x{{{a:x}}}" if a == b else rf"\x{{{a:x}}}-\x{{{b:x}}}" for a, b in ranges) + "]"


@cache
def nfc_unsafe() -> str:
    """The class for this interpreter's Unicode tables: the stored one, or computed (slower) on another version."""
    if unicodedata.unidata_version == UNIDATA_VERSION:
        return NFC_UNSAFE
    return as_class(nfc_unsafe_code_points())


if __name__ == "__main__":
    generated = as_class(nfc_unsafe_code_points())
    print(f'UNIDATA_VERSION = "{unicodedata.unidata_version}"')
    print("NFC_UNSAFE = (")
    line = ""
    for piece in generated.replace("\\x{", "\n\\x{").replace("-\n", "-").split("\n"):
        if len(line) + len(piece) > 104:  # lines break between ranges: a raw string cannot end in a backslash
            print(f'    r"{line}"')
            line = ""
        line += piece
    print(f'    r"{line}"')
    print(")")
