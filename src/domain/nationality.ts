// Nationality as officers read it: the ISO 3166-1 alpha-3 code the system stores (three letters, as the
// register form and the API accept it) shown by its name in Swedish or English. Country names come
// from the runtime's CLDR data through the alpha-2 code; the codes travel documents use for people
// without a country (ICAO Doc 9303: XXA stateless, XXB and XXC refugees, XXX unspecified) are named here.

/** Every ISO 3166-1 country: alpha-3 then alpha-2, and Kosovo's RKS as passports write it. */
const COUNTRIES =
  'AFGAF ALAAX ALBAL DZADZ ASMAS ANDAD AGOAO AIAAI ATAAQ ATGAG ARGAR ARMAM ABWAW AUSAU AUTAT AZEAZ ' +
  'BHSBS BHRBH BGDBD BRBBB BLRBY BELBE BLZBZ BENBJ BMUBM BTNBT BOLBO BESBQ BIHBA BWABW BVTBV BRABR ' +
  'IOTIO BRNBN BGRBG BFABF BDIBI CPVCV KHMKH CMRCM CANCA CYMKY CAFCF TCDTD CHLCL CHNCN CXRCX CCKCC ' +
  'COLCO COMKM COGCG CODCD COKCK CRICR CIVCI HRVHR CUBCU CUWCW CYPCY CZECZ DNKDK DJIDJ DMADM DOMDO ' +
  'ECUEC EGYEG SLVSV GNQGQ ERIER ESTEE SWZSZ ETHET FLKFK FROFO FJIFJ FINFI FRAFR GUFGF PYFPF ATFTF ' +
  'GABGA GMBGM GEOGE DEUDE GHAGH GIBGI GRCGR GRLGL GRDGD GLPGP GUMGU GTMGT GGYGG GINGN GNBGW GUYGY ' +
  'HTIHT HMDHM VATVA HNDHN HKGHK HUNHU ISLIS INDIN IDNID IRNIR IRQIQ IRLIE IMNIM ISRIL ITAIT JAMJM ' +
  'JPNJP JEYJE JORJO KAZKZ KENKE KIRKI PRKKP KORKR KWTKW KGZKG LAOLA LVALV LBNLB LSOLS LBRLR LBYLY ' +
  'LIELI LTULT LUXLU MACMO MDGMG MWIMW MYSMY MDVMV MLIML MLTMT MHLMH MTQMQ MRTMR MUSMU MYTYT MEXMX ' +
  'FSMFM MDAMD MCOMC MNGMN MNEME MSRMS MARMA MOZMZ MMRMM NAMNA NRUNR NPLNP NLDNL NCLNC NZLNZ NICNI ' +
  'NERNE NGANG NIUNU NFKNF MKDMK MNPMP NORNO OMNOM PAKPK PLWPW PSEPS PANPA PNGPG PRYPY PERPE PHLPH ' +
  'PCNPN POLPL PRTPT PRIPR QATQA REURE ROURO RUSRU RWARW BLMBL SHNSH KNAKN LCALC MAFMF SPMPM VCTVC ' +
  'WSMWS SMRSM STPST SAUSA SENSN SRBRS SYCSC SLESL SGPSG SXMSX SVKSK SVNSI SLBSB SOMSO ZAFZA SGSGS ' +
  'SSDSS ESPES LKALK SDNSD SURSR SJMSJ SWESE CHECH SYRSY TWNTW TJKTJ TZATZ THATH TLSTL TGOTG TKLTK ' +
  'TONTO TTOTT TUNTN TURTR TKMTM TCATC TUVTV UGAUG UKRUA AREAE GBRGB USAUS UMIUM URYUY UZBUZ VUTVU ' +
  'VENVE VNMVN VGBVG VIRVI WLFWF ESHEH YEMYE ZMBZM ZWEZW RKSXK';

const ALPHA2 = new Map(COUNTRIES.split(' ').map((pair) => [pair.slice(0, 3), pair.slice(3)]));

/** The travel-document codes for people without a nationality, in Swedish and English. */
const NO_COUNTRY: Record<string, readonly [string, string]> = {
  XXA: ['statslös', 'stateless'],
  XXB: ['flykting (1951 års konvention)', 'refugee (1951 Convention)'],
  XXC: ['flykting (annan)', 'refugee (other)'],
  XXX: ['okänt medborgarskap', 'unspecified nationality'],
};

const namers = {
  sv: new Intl.DisplayNames(['sv'], { type: 'region', fallback: 'none' }),
  en: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }),
};

/** Whether `code` is a nationality this table can name. */
export function isKnownNationality(code: string): boolean {
  return ALPHA2.has(code) || code in NO_COUNTRY;
}

/** "Syrien (SYR)", "statslös (XXA)"; a code the table does not know is shown as it is. */
export function nationalityName(lang: 'sv' | 'en', code: string): string {
  const special = NO_COUNTRY[code];
  if (special) return `${special[lang === 'sv' ? 0 : 1]} (${code})`;
  const alpha2 = ALPHA2.get(code);
  const name = alpha2 ? namers[lang].of(alpha2) : undefined;
  return name ? `${name} (${code})` : code;
}

/** Swedish and English together, as the bilingual card prints it: "Syrien / Syria (SYR)", "Eritrea (ERI)". */
export function nationalityNameSvEn(code: string): string {
  const sv = nationalityName('sv', code);
  const en = nationalityName('en', code);
  if (sv === en) return sv;
  const suffix = ` (${code})`;
  return `${sv.slice(0, -suffix.length)} / ${en}`;
}
