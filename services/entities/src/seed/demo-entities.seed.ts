import type { Identity, CommandContext } from "@gcn/shared";
import type { DataSource } from "typeorm";
import { appointLiaison } from "../commands/liaison.commands";
import { addAgendaItem, scheduleMeeting } from "../commands/network-meeting.commands";
import { registerEntity } from "../commands/government-entity.commands";
import { GovernmentEntityRow } from "../rows/government-entity.row";
import { EntityKind, LiaisonRole } from "../schema/entity-enums";
import { Platform } from "@gcn/shared";
import type { RegisterEntityInput } from "../schema/entity.inputs";

type DemoEntity = Omit<RegisterEntityInput, "parentId" | "socialAccounts"> & {
  parentCode?: string;
  handle: string;
  liaisons: { fullNameAr: string; fullNameEn: string; role: LiaisonRole; jobTitle: string }[];
};

/** The seed's story: the centre, the information ministry, the labour fund and the ministries. */
const DEMO_ENTITIES: DemoEntity[] = [
  {
    code: "NCC",
    nameAr: "المركز الوطني للاتصال",
    nameEn: "National Communication Centre",
    kind: EntityKind.CENTRE,
    website: "https://www.ncc.gov.bh",
    handle: "ncc_bahrain",
    liaisons: [
      {
        fullNameAr: "فاطمة عبدالله الخياط",
        fullNameEn: "Fatima Abdulla Alkhayat",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Director of Government Communication",
      },
      {
        fullNameAr: "يوسف أحمد المناعي",
        fullNameEn: "Yousif Ahmed Almannai",
        role: LiaisonRole.DIGITAL,
        jobTitle: "Head of Digital Reputation",
      },
    ],
  },
  {
    code: "MIA",
    nameAr: "وزارة شؤون الإعلام",
    nameEn: "Ministry of Information Affairs",
    kind: EntityKind.MINISTRY,
    website: "https://www.mia.gov.bh",
    handle: "mia_bahrain",
    liaisons: [
      {
        fullNameAr: "مريم إبراهيم الدوسري",
        fullNameEn: "Maryam Ebrahim Aldoseri",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Media Relations Director",
      },
      {
        fullNameAr: "علي حسن الإمام",
        fullNameEn: "Ali Hasan Alemam",
        role: LiaisonRole.MEDIA,
        jobTitle: "Video Production Lead",
      },
    ],
  },
  {
    code: "TAMKEEN",
    nameAr: "صندوق العمل (تمكين)",
    nameEn: "Labour Fund (Tamkeen)",
    kind: EntityKind.FUND,
    website: "https://www.tamkeen.bh",
    handle: "tamkeenbahrain",
    liaisons: [
      {
        fullNameAr: "نورة خالد آل خليفة",
        fullNameEn: "Noora Khalid Al Khalifa",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Head of Communications",
      },
    ],
  },
  {
    code: "MOH",
    nameAr: "وزارة الصحة",
    nameEn: "Ministry of Health",
    kind: EntityKind.MINISTRY,
    website: "https://www.moh.gov.bh",
    handle: "mohgovbh",
    liaisons: [
      {
        fullNameAr: "أحمد جاسم البوعينين",
        fullNameEn: "Ahmed Jasim Albuainain",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Public Relations Director",
      },
    ],
  },
  {
    code: "MOE",
    nameAr: "وزارة التربية والتعليم",
    nameEn: "Ministry of Education",
    kind: EntityKind.MINISTRY,
    website: "https://www.moe.gov.bh",
    handle: "moe_bahrain",
    liaisons: [
      {
        fullNameAr: "سارة محمد الجودر",
        fullNameEn: "Sara Mohamed Aljowder",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Media Office Head",
      },
    ],
  },
  {
    code: "MOI",
    nameAr: "وزارة الداخلية",
    nameEn: "Ministry of Interior",
    kind: EntityKind.MINISTRY,
    website: "https://www.interior.gov.bh",
    handle: "moi_bahrain",
    liaisons: [
      {
        fullNameAr: "خالد عيسى الرميحي",
        fullNameEn: "Khalid Isa Alromaihi",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Media Affairs Director",
      },
    ],
  },
  {
    code: "MOFNE",
    nameAr: "وزارة المالية والاقتصاد الوطني",
    nameEn: "Ministry of Finance and National Economy",
    kind: EntityKind.MINISTRY,
    website: "https://www.mofne.gov.bh",
    handle: "mofne_bahrain",
    liaisons: [
      {
        fullNameAr: "هدى عبدالرحمن المطوع",
        fullNameEn: "Huda Abdulrahman Almutawa",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Communications Manager",
      },
    ],
  },
  {
    code: "MOIC",
    nameAr: "وزارة الصناعة والتجارة",
    nameEn: "Ministry of Industry and Commerce",
    kind: EntityKind.MINISTRY,
    website: "https://www.moic.gov.bh",
    handle: "moic_bahrain",
    liaisons: [
      {
        fullNameAr: "محمد يوسف الحمادي",
        fullNameEn: "Mohamed Yusuf Alhammadi",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Public Relations Head",
      },
    ],
  },
  {
    code: "MOL",
    nameAr: "وزارة العمل",
    nameEn: "Ministry of Labour",
    kind: EntityKind.MINISTRY,
    website: "https://www.mol.gov.bh",
    handle: "mol_bahrain",
    liaisons: [
      {
        fullNameAr: "ريم علي الشيخ",
        fullNameEn: "Reem Ali Alshaikh",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Media Relations Specialist",
      },
    ],
  },
  {
    code: "MOSD",
    nameAr: "وزارة التنمية الاجتماعية",
    nameEn: "Ministry of Social Development",
    kind: EntityKind.MINISTRY,
    website: "https://www.social.gov.bh",
    handle: "mosd_bahrain",
    liaisons: [
      {
        fullNameAr: "إيمان صالح العباسي",
        fullNameEn: "Eman Saleh Alabbasi",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Communications Director",
      },
    ],
  },
  {
    code: "MOTT",
    nameAr: "وزارة المواصلات والاتصالات",
    nameEn: "Ministry of Transportation and Telecommunications",
    kind: EntityKind.MINISTRY,
    website: "https://www.mtt.gov.bh",
    handle: "mtt_bahrain",
    liaisons: [
      {
        fullNameAr: "عبدالله راشد الكعبي",
        fullNameEn: "Abdulla Rashid Alkaabi",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Media Office Director",
      },
    ],
  },
  {
    code: "MOTOUR",
    nameAr: "وزارة السياحة",
    nameEn: "Ministry of Tourism",
    kind: EntityKind.MINISTRY,
    website: "https://www.mot.gov.bh",
    handle: "mot_bahrain",
    liaisons: [
      {
        fullNameAr: "لطيفة أحمد الزياني",
        fullNameEn: "Latifa Ahmed Alzayani",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Marketing and Media Head",
      },
    ],
  },
  {
    code: "EWA",
    nameAr: "هيئة الكهرباء والماء",
    nameEn: "Electricity and Water Authority",
    kind: EntityKind.AUTHORITY,
    website: "https://www.ewa.bh",
    handle: "ewa_bahrain",
    liaisons: [
      {
        fullNameAr: "حسين علي المرزوق",
        fullNameEn: "Hussain Ali Almarzooq",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Customer Communication Manager",
      },
    ],
  },
  {
    code: "IGA",
    nameAr: "هيئة المعلومات والحكومة الإلكترونية",
    nameEn: "Information & eGovernment Authority",
    kind: EntityKind.AUTHORITY,
    website: "https://www.iga.gov.bh",
    handle: "iga_bahrain",
    liaisons: [
      {
        fullNameAr: "منى جاسم بوحجي",
        fullNameEn: "Mona Jasim Buhaji",
        role: LiaisonRole.DIGITAL,
        jobTitle: "Digital Channels Lead",
      },
    ],
  },
  {
    code: "LMRA",
    nameAr: "هيئة تنظيم سوق العمل",
    nameEn: "Labour Market Regulatory Authority",
    kind: EntityKind.AUTHORITY,
    website: "https://www.lmra.gov.bh",
    handle: "lmra_bahrain",
    liaisons: [
      {
        fullNameAr: "جاسم محمد النعيمي",
        fullNameEn: "Jasim Mohamed Alnoaimi",
        role: LiaisonRole.PRIMARY,
        jobTitle: "Media and Awareness Head",
      },
    ],
  },
  {
    code: "BTEA",
    nameAr: "هيئة البحرين للسياحة والمعارض",
    nameEn: "Bahrain Tourism and Exhibitions Authority",
    kind: EntityKind.AUTHORITY,
    parentCode: "MOTOUR",
    website: "https://www.btea.bh",
    handle: "btea_bahrain",
    liaisons: [
      {
        fullNameAr: "دانة خليل القصاب",
        fullNameEn: "Dana Khalil Alqassab",
        role: LiaisonRole.MEDIA,
        jobTitle: "Communications Officer",
      },
    ],
  },
];

const SYSTEM: Identity = { sub: "system:seed", name: "Demo data", roles: ["ADMIN"] };

function emailOf(fullNameEn: string, code: string): string {
  const [first, ...rest] = fullNameEn.toLowerCase().split(" ");
  return `${first}.${rest[rest.length - 1]}@${code.toLowerCase()}.gov.bh`.replace(
    /[^a-z0-9.@-]/g,
    "",
  );
}

/** The month (1..12) and year of `now` in the network's time zone. */
function monthIn(timeZone: string, now = new Date()): { year: number; month: number } {
  const [year, month] = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
  })
    .format(now)
    .split("-")
    .map(Number) as [number, number];
  return { year, month };
}

/**
 * Loads the demo data through the commands (so every row has its event) when the service has
 * no entities yet; a second start keeps what is there. Returns how many entities it registered.
 */
export async function seedDemoEntities(db: DataSource, timeZone: string): Promise<number> {
  if ((await db.getRepository(GovernmentEntityRow).count()) > 0) return 0;
  const context: CommandContext = { requestId: "seed-demo-data", identity: SYSTEM };
  const ids = new Map<string, string>();
  const liaisonIds: string[] = [];
  for (const demo of DEMO_ENTITIES) {
    const { parentCode, handle, liaisons, ...fields } = demo;
    const entity = await registerEntity(db, context, {
      ...fields,
      parentId: parentCode ? ids.get(parentCode) : undefined,
      socialAccounts: [
        { platform: Platform.X, handle: `@${handle}`, url: `https://x.com/${handle}` },
        {
          platform: Platform.INSTAGRAM,
          handle: `@${handle}`,
          url: `https://www.instagram.com/${handle}`,
        },
        { platform: Platform.YOUTUBE, handle, url: `https://www.youtube.com/@${handle}` },
      ],
    } as RegisterEntityInput);
    ids.set(demo.code, entity.id);
    for (const liaison of liaisons) {
      const row = await appointLiaison(
        db,
        context,
        {
          entityId: entity.id,
          ...liaison,
          email: emailOf(liaison.fullNameEn, demo.code),
          phone: `+973 1700 ${String(1000 + liaisonIds.length).padStart(4, "0")}`,
          appointedOn: "2025-01-15",
        },
        timeZone,
      );
      liaisonIds.push(row.id);
    }
  }
  const { year, month } = monthIn(timeZone);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // 10:00 in Bahrain (UTC+3) on the 25th, or the month's last day if shorter.
  const scheduledAt = new Date(Date.UTC(year, month - 1, Math.min(25, lastDay), 7, 0));
  const monthName = new Intl.DateTimeFormat("ar-u-nu-latn", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, 15)));
  const meeting = await scheduleMeeting(db, context, {
    title: `الاجتماع الشهري لشبكة التواصل الحكومي - ${monthName}`,
    scheduledAt,
    venue: "المركز الوطني للاتصال، المنامة",
    period: { year, month },
  });
  const agenda = [
    { title: "إنجازات الشهر في الخطة الاتصالية", entity: "NCC", presenter: 0 },
    { title: "مبادرة عطني أبديت: ما تم نشره وما هو قادم", entity: "MIA", presenter: 2 },
    { title: "لقاء مع مسؤول حكومي: تجربة تمكين", entity: "TAMKEEN", presenter: 4 },
    { title: "تقرير السمعة الرقمية والتوصيات", entity: "NCC", presenter: 1 },
    { title: "خطة الشهر القادم", entity: "NCC", presenter: 0 },
  ];
  for (const item of agenda) {
    await addAgendaItem(db, context, meeting.id, {
      title: item.title,
      entityId: ids.get(item.entity),
      presenterId: liaisonIds[item.presenter],
    });
  }
  return ids.size;
}
